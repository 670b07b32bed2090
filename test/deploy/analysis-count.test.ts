// The resource changes deploy compares with CloudFormation's "Resources in concurrent stack
// operations" quota: Add, Modify and Remove across the root and every nested stack
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html).
import { expect, test } from '@jest/globals';
import type { Change } from '@aws-sdk/client-cloudformation';
import { analyseChangeSet } from '../../src/deploy/analysis.js';

const topic = (name: string) => ({ Type: 'AWS::SNS::Topic', Properties: { TopicName: name } });
const stack = (version: string) => ({ Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: `https://bucket.s3.amazonaws.com/${version}.json` } });
const change = (Action: 'Add' | 'Modify' | 'Remove', LogicalResourceId: string, ResourceType = 'AWS::SNS::Topic'): Change => ({ Type: 'Resource', ResourceChange: { Action, LogicalResourceId, ResourceType } });

test('counts every stack: nested change sets where there are some, the template diff where there are none', async () => {
  const review = await analyseChangeSet({
    stackName: 'large-dev',
    changeSetName: 'cs',
    statefulLogicalIds: [],
    stacks: [
      // The root: one topic added, and both nested stacks modified (they count as resources too).
      {
        changes: [change('Add', 'A'), change('Modify', 'Tasks1', 'AWS::CloudFormation::Stack'), change('Modify', 'Tasks2', 'AWS::CloudFormation::Stack')],
        deployedTemplate: { Resources: { Tasks1: stack('1'), Tasks2: stack('1') } },
        newTemplate: { Resources: { A: topic('a'), Tasks1: stack('2'), Tasks2: stack('2') } },
      },
      // A nested change set: what it says, not the template diff.
      { stack: 'Tasks1', changes: [change('Add', 'B'), change('Remove', 'C')], deployedTemplate: { Resources: { C: topic('c') } }, newTemplate: { Resources: { B: topic('b') } } },
      // No nested change set (an emulator): three resources differ (one added, one changed, one removed).
      {
        stack: 'Tasks2',
        changes: [],
        deployedTemplate: { Resources: { D: topic('d'), E: topic('e'), Same: topic('same') } },
        newTemplate: { Resources: { D: topic('d2'), F: topic('f'), Same: topic('same') } },
      },
    ],
  });
  expect(review.resourceChanges).toBe(3 + 2 + 3);
});
