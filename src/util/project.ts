// Names derived from a project and its stage, each built in one place so what deploy creates
// is what info reads and remove deletes.
import { join } from 'node:path';

/** The CloudFormation stack of a stage. */
export const stackName = (name: string, stage: string): string => `${name}-${stage}`;

/** Where compile writes a stage's files and deploy its outputs, relative to the project. */
export const stageDir = (stage: string): string => join('.ecs-arch', stage);
