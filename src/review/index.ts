// review.md: a Markdown summary for pull-request comments (handlebars).
import type { CompileResult } from '../compile/types.js';
import type { ChangeSetReview } from './types.js';

export type * from './types.js';

export function renderReview(result: CompileResult, changes?: ChangeSetReview): string {
  void changes;
  return `# ${result.manifest.stackName}\n`;
}
