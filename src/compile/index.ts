// Turns a loaded project into CloudFormation templates and a manifest. Pure: no I/O.
import type { LoadedProject } from '../config/index.js';
import type { CompileResult } from './types.js';

export type * from './types.js';

export function compileProject(project: LoadedProject): CompileResult {
  void project;
  throw new Error('not implemented yet');
}
