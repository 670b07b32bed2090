// resource() is typed from CloudFormation's resource schemas (src/cfn/resource-types.generated.ts,
// from the schemas cfn-lint ships): a misspelt property is a type error, caught by
// `npm run typecheck` long before cfn-lint sees the template.
import { expect, test } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { resource } from '../../src/cfn/resources.js';
// @ts-expect-error: plain ESM build scripts without type declarations
import { cfnLintSchemas, generateCfnTypes } from '../../scripts/generate-cfn-types.mjs';
import { testWithTool } from '../support/tools.js';

const origin = { source: 'queues.jobs', group: 'shared' } as const;

test('a property that the resource type does not have is a type error', () => {
  // @ts-expect-error: MessageRetentionPeriods is not an AWS::SQS::Queue property
  const typo = resource('AWS::SQS::Queue', { MessageRetentionPeriods: 1209600 }, origin);
  // @ts-expect-error: AWS::SQS::Queues is not a type ecs-arch emits
  const unknownType = resource('AWS::SQS::Queues', {}, origin);
  expect([typo.Type, unknownType.Type]).toEqual(['AWS::SQS::Queue', 'AWS::SQS::Queues']);
});

testWithTool('cfn-lint')('src/cfn/resource-types.generated.ts is up to date with the installed cfn-lint', () => {
  expect(readFileSync(new URL('../../src/cfn/resource-types.generated.ts', import.meta.url), 'utf8')).toBe(generateCfnTypes(cfnLintSchemas()));
});
