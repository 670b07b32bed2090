import type { RuleHit, SecurityRule } from '../types.js';
import { resourcesOfType } from './util.js';

export const unencryptedQueue: SecurityRule = {
  id: 'EA1003',
  description: 'SQS queues are encrypted (SqsManagedSseEnabled or KmsMasterKeyId)',
  level: 'warning',
  check(template) {
    const hits: RuleHit[] = [];
    for (const [id, queue] of resourcesOfType(template, 'AWS::SQS::Queue')) {
      const properties = queue.Properties ?? {};
      if (properties.SqsManagedSseEnabled !== true && properties.KmsMasterKeyId === undefined) {
        hits.push({ path: ['Resources', id], message: `Queue ${id} is not encrypted: set SqsManagedSseEnabled: true or a KmsMasterKeyId` });
      }
    }
    return hits;
  },
};
