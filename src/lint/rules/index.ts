// The built-in rules, in id order. Adding one is one file and one line here.
import type { Template } from '../../compile/types.js';
import type { SecurityRule, TemplateFinding } from '../types.js';
import { iamWildcard } from './iam-wildcard.js';
import { logRetention } from './log-retention.js';
import { publicBucket } from './public-bucket.js';
import { statefulRetain } from './stateful-retain.js';
import { unencryptedQueue } from './unencrypted-queue.js';
import { unencryptedTopic } from './unencrypted-topic.js';

export const RULES: readonly SecurityRule[] = [publicBucket, iamWildcard, unencryptedQueue, unencryptedTopic, logRetention, statefulRetain];

export function runRules(fileName: string, template: Template, rules: readonly SecurityRule[] = RULES): TemplateFinding[] {
  return rules.flatMap((rule) =>
    rule.check(template).map((hit) => ({ template: fileName, path: hit.path, rule: rule.id, level: rule.level, message: hit.message, tool: 'ecs-arch' as const })),
  );
}
