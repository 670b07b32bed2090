// Names derived from the project, each made in one place: the stack `remove` deletes is the
// stack `deploy` made, and every command finds the compile output in the same folder.
import { dirname, join } from 'node:path';

export function stackName(name: string, stage: string): string {
  return `${name}-${stage}`;
}

/** `<config dir>/.ecs-arch/<stage>`: two configurations in one repository never share it. */
export function outputDir(configFile: string, stage: string): string {
  return join(dirname(configFile), '.ecs-arch', stage);
}
