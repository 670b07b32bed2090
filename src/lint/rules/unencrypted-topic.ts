import type { RuleHit, SecurityRule } from '../types.js';
import { resourcesOfType } from './util.js';

export const unencryptedTopic: SecurityRule = {
  id: 'EA1004',
  description: 'SNS topics are encrypted (KmsMasterKeyId)',
  level: 'warning',
  check(template) {
    const hits: RuleHit[] = [];
    for (const [id, topic] of resourcesOfType(template, 'AWS::SNS::Topic')) {
      if (topic.Properties?.KmsMasterKeyId === undefined) {
        hits.push({ path: ['Resources', id], message: `Topic ${id} is not encrypted: set a KmsMasterKeyId` });
      }
    }
    return hits;
  },
};
