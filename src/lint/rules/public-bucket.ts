import type { RuleHit, SecurityRule } from '../types.js';
import { resourcesOfType } from './util.js';

const SETTINGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'] as const;

export const publicBucket: SecurityRule = {
  id: 'EA1001',
  description: 'S3 buckets block all public access',
  level: 'error',
  check(template) {
    const hits: RuleHit[] = [];
    for (const [id, bucket] of resourcesOfType(template, 'AWS::S3::Bucket')) {
      const block = bucket.Properties?.PublicAccessBlockConfiguration as Record<string, unknown> | undefined;
      if (!block) {
        hits.push({ path: ['Resources', id], message: `Bucket ${id} has no PublicAccessBlockConfiguration: it can be made public` });
        continue;
      }
      const open = SETTINGS.filter((setting) => block[setting] !== true);
      if (open.length) {
        hits.push({
          path: ['Resources', id, 'Properties', 'PublicAccessBlockConfiguration'],
          message: `Bucket ${id} does not block public access: ${open.join(', ')} ${open.length === 1 ? 'is' : 'are'} not true`,
        });
      }
    }
    return hits;
  },
};
