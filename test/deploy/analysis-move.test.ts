// A stateful resource that the new templates declare in another stack than the deployed one is
// a move, which CloudFormation makes as delete + create: the refusal says so and names stack
// refactoring, which moves resources between stacks (nested ones too) without replacement
// (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stack-refactoring.html).
import { expect, test } from '@jest/globals';
import { analyseChangeSet } from '../../src/deploy/analysis.js';

const queue = { Type: 'AWS::SQS::Queue', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain', Properties: {} };
const topic = { Type: 'AWS::SNS::Topic', Properties: {} };

test('a queue leaving a task stack for a data stack is named as a move, with how to move it without replacement', async () => {
  const review = await analyseChangeSet({
    stackName: 'large-dev',
    changeSetName: 'cs',
    statefulLogicalIds: ['JobsQueue', 'OtherQueue'],
    stacks: [
      { changes: [], deployedTemplate: { Resources: { Topic: topic, OtherQueue: queue } }, newTemplate: { Resources: { Topic: topic } } },
      { stack: 'DataStack', changes: [], deployedTemplate: {}, newTemplate: { Resources: { JobsQueue: queue } } },
      { stack: 'TaskStack1', changes: [], deployedTemplate: { Resources: { JobsQueue: queue, Topic2: topic } }, newTemplate: { Resources: { Topic2: topic } } },
    ],
  });
  expect(review.dataLossRisks).toEqual([
    'OtherQueue (AWS::SQS::Queue) would be removed',
    'TaskStack1/JobsQueue (AWS::SQS::Queue) would move from TaskStack1 to DataStack, which makes a new, empty one (the old one is retained); ' +
      'move it first with CloudFormation stack refactoring (aws cloudformation create-stack-refactor, see docs/large-projects.md)',
  ]);
});
