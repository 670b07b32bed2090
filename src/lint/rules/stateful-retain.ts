import type { RuleHit, SecurityRule } from '../types.js';
import { STATEFUL_TYPES } from '../../cfn/aws.js';
import { resourcesOfType } from './util.js';

export const statefulRetain: SecurityRule = {
  id: 'EA1006',
  description: 'Buckets, tables and queues are kept when removed or replaced (DeletionPolicy and UpdateReplacePolicy Retain)',
  level: 'warning',
  check(template) {
    const hits: RuleHit[] = [];
    for (const [id, res] of resourcesOfType(template, ...STATEFUL_TYPES)) {
      const missing = (['DeletionPolicy', 'UpdateReplacePolicy'] as const).filter((policy) => res[policy] !== 'Retain');
      if (missing.length) {
        hits.push({ path: ['Resources', id], message: `${res.Type} ${id} would be deleted with its data: set ${missing.map((p) => `${p}: Retain`).join(' and ')}` });
      }
    }
    return hits;
  },
};
