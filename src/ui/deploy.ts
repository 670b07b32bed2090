// Presentation of deploy, diff and remove: deploy/ returns values and emits stack events;
// these functions only turn them into text.
import type { AwsTarget } from '../aws/clients.js';
import type { FailureReason, StackActivity } from '../deploy/events.js';
import type { Output } from '../io.js';
import type { ChangeSetReview } from '../review/types.js';

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => `  ${r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')}`.trimEnd());
}

/** The change set as a table; `verbose` adds every change's property-level details. */
export function formatChangeSet(review: ChangeSetReview, verbose = false): string {
  const lines = [`Change set ${review.changeSetName} for stack ${review.stackName}:`];
  if (review.changes.length) {
    lines.push(...table([['Action', 'Logical ID', 'Type', 'Replacement'], ...review.changes.map((c) => [c.action, c.stack ? `${c.stack}/${c.logicalId}` : c.logicalId, c.resourceType, c.replacement || '-'])]));
    if (verbose) {
      const detailed = review.changes.filter((c) => c.details?.length);
      if (detailed.length) lines.push('', 'Details:');
      for (const c of detailed) lines.push(`  ${c.stack ? `${c.stack}/` : ''}${c.logicalId}:`, ...c.details!.map((d) => `    ${d}`));
    }
  } else lines.push('  (no resource changes)');
  if (review.securityChanges.length) lines.push('', 'IAM and security changes:', ...review.securityChanges.map((s) => `  ${s}`));
  if (review.templateDiff) lines.push('', 'Template diff:', ...review.templateDiff.split('\n').map((l) => `  ${l}`.trimEnd()));
  if (review.dataLossRisks.length) lines.push('', 'Data loss risk (stateful resources):', ...review.dataLossRisks.map((r) => `  ${r}`));
  return `${lines.join('\n')}\n`;
}

export function formatReasons(reasons: readonly FailureReason[]): string {
  return reasons.map((r) => `  ${r.logicalId} (${r.resourceType}) ${r.status}: ${r.reason}\n`).join('');
}

export function formatEventLine(event: StackActivity): string {
  const time = event.timestamp.toISOString().slice(11, 19);
  const where = event.nested ? `${event.stackName}/${event.logicalId}` : event.logicalId;
  return `${time}  ${event.status.padEnd(28)} ${where}  ${event.resourceType}${event.reason ? `  ${event.reason}` : ''}\n`;
}

export interface ProgressPrinter {
  start(total: number): void;
  event(event: StackActivity): void;
  stop(): void;
}

/** Under CI: one plain line per event. */
export function linePrinter(out: Output): ProgressPrinter {
  return { start() {}, event: (e) => out.write(formatEventLine(e)), stop() {} };
}

/** On a terminal: failures as lines, and one status line that is rewritten in place. */
export function livePrinter(out: Output): ProgressPrinter {
  let total = 0;
  const done = new Set<string>();
  let shown = false;
  const clear = () => {
    if (shown) out.write('\r\x1b[K');
    shown = false;
  };
  return {
    start(count) {
      total = count;
    },
    event(e) {
      if (!e.isStack && /_(COMPLETE|SKIPPED)$/.test(e.status)) done.add(`${e.stackId}/${e.logicalId}`);
      clear();
      if (e.status.endsWith('_FAILED') || e.isStack) out.write(formatEventLine(e));
      const line = `[${Math.min(done.size, total)}/${total}] ${e.status} ${e.logicalId}`;
      out.write(line.slice(0, Math.max(20, (out.columns ?? 80) - 1)));
      shown = true;
    },
    stop() {
      if (shown) out.write('\n');
      shown = false;
    },
  };
}

/** How to follow (or stop) an operation ecs-arch no longer watches; --region and --profile included so it can be pasted. */
export function followOrCancel(stackName: string, operation: 'update' | 'delete', target: Pick<AwsTarget, 'region' | 'profile'>): string {
  const where = ` --region ${target.region}${target.profile ? ` --profile ${target.profile}` : ''}`;
  return (
    `CloudFormation keeps going without ecs-arch.\n` +
    `  Follow it: aws cloudformation describe-stack-events --stack-name ${stackName}${where}\n` +
    (operation === 'update' ? `  Cancel it: aws cloudformation cancel-update-stack --stack-name ${stackName}${where} (a first create is stopped by deleting the stack)\n` : '')
  );
}
