import type { RuleHit, SecurityRule } from '../types.js';
import { resourcesOfType } from './util.js';

export const logRetention: SecurityRule = {
  id: 'EA1005',
  description: 'Log groups expire their logs (RetentionInDays)',
  level: 'warning',
  check(template) {
    const hits: RuleHit[] = [];
    for (const [id, group] of resourcesOfType(template, 'AWS::Logs::LogGroup')) {
      if (group.Properties?.RetentionInDays === undefined) {
        hits.push({ path: ['Resources', id], message: `Log group ${id} keeps logs forever: set RetentionInDays` });
      }
    }
    return hits;
  },
};
