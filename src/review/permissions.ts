// What each task may do, in plain words, from the grants compile produced: the same records its
// task role's IAM statements were written from (compile/access.ts).
import type { Grant } from '../compile/access.js';
import type { CompileResult } from '../compile/types.js';

export interface TaskPermissions {
  task: string;
  /** "write items on DynamoDB table `ResultsTable` (`dynamodb:PutItem`, …)", one per statement. */
  lines: string[];
}

function grantLine(grant: Grant): string {
  const verbs = [...new Set(grant.actions.map(([, words]) => words))].join(', ');
  return `${verbs} ${grant.on} (${grant.actions.map(([action]) => `\`${action}\``).join(', ')})`;
}

export function taskPermissions(result: CompileResult, tasks: readonly string[]): TaskPermissions[] {
  return tasks.map((task) => ({ task, lines: (result.grants[task] ?? []).map(grantLine) }));
}
