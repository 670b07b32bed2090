// Presentation of deploy, diff and remove: deploy/ returns values and emits stack events;
// these functions only turn them into text.
import type { AwsTarget } from '../aws/clients.js';
import type { FailureReason, StackActivity } from '../deploy/events.js';
import type { Output } from '../io.js';
import type { ChangeSetReview, ReviewChange } from '../review/types.js';
import { changeCounts, quotaText, replacementText } from '../util/text.js';
import type { Palette } from './colour.js';

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => `  ${r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')}`.trimEnd());
}

const PLAIN: Pick<Palette, 'replacement' | 'dataLoss' | 'warning' | 'bold' | 'add' | 'remove'> = {
  replacement: (t) => t,
  dataLoss: (t) => t,
  warning: (t) => t,
  bold: (t) => t,
  add: (t) => t,
  remove: (t) => t,
};

export interface ChangeSetFormat {
  /** Every change with its details, all security changes and the template diff. */
  verbose?: boolean;
  paint?: Pick<Palette, 'replacement' | 'dataLoss' | 'warning' | 'bold' | 'add' | 'remove'>;
  /** Where review.md was written, named as the place for the full list. */
  reviewFile?: string;
}

const where = (c: ReviewChange) => (c.stack ? `${c.stack}/${c.logicalId}` : c.logicalId);

/**
 * The change set, what a person must decide on first (as the CDK asks only about broadened
 * access): counts by action, the concurrent-resources quota, replacements and removals, data loss, IAM and security-group
 * broadening. The full list, details and template diff with `verbose`.
 */
export function formatChangeSet(review: ChangeSetReview, format: ChangeSetFormat = {}): string {
  const paint = format.paint ?? PLAIN;
  const lines = [`Change set ${review.changeSetName} for stack ${review.stackName}: ${changeCounts(review.changes)}`];
  const replaced = review.changes.filter((c) => c.action === 'Modify' && (c.replacement === 'True' || c.replacement === 'Conditional'));
  const removed = review.changes.filter((c) => c.action === 'Remove');
  const quota = quotaText(review.quota);
  if (quota) lines.push('', review.quota!.exceeded ? paint.warning(quota) : quota);
  if (replaced.length) {
    lines.push('', paint.replacement('Replaced (deleted and created again):'));
    lines.push(...table(replaced.map((c) => [where(c), c.resourceType, c.replacement === 'Conditional' ? 'conditionally' : ''])).map(paint.replacement));
  }
  if (removed.length) lines.push('', 'Removed:', ...table(removed.map((c) => [where(c), c.resourceType])).map(paint.remove));
  if (review.dataLossRisks.length) lines.push('', paint.dataLoss('Data loss:'), ...review.dataLossRisks.map((r) => `  ${paint.dataLoss(r)}`));
  else if (review.changes.length) lines.push('', 'Data loss: none (no bucket, table or queue is replaced or removed).');
  if (review.broadening.length) lines.push('', paint.warning('Access broadened (IAM and security groups):'), ...review.broadening.map((s) => `  ${paint.warning(s)}`));
  else if (review.securityChanges.length) lines.push('', `Access broadened: none (${review.securityChanges.length} IAM or security group change${review.securityChanges.length === 1 ? '' : 's'} narrow it).`);
  if (format.verbose) {
    if (review.changes.length) {
      lines.push('', 'All changes:', ...table([['Action', 'Logical ID', 'Type', 'Replacement'], ...review.changes.map((c) => [c.action, where(c), c.resourceType, replacementText(c)])]));
      const detailed = review.changes.filter((c) => c.details?.length);
      if (detailed.length) lines.push('', 'Details:');
      for (const c of detailed) lines.push(`  ${where(c)}:`, ...c.details!.map((d) => `    ${d}`));
    }
    if (review.securityChanges.length) lines.push('', 'IAM and security changes:', ...review.securityChanges.map((s) => `  ${s}`));
    if (review.templateDiff) lines.push('', 'Template diff:', ...review.templateDiff.split('\n').map((l) => `  ${l}`.trimEnd()));
  } else if (review.changes.length) {
    lines.push('', `Every change and the template diff: --verbose${format.reviewFile ? `, or ${format.reviewFile}` : ''}.`);
  }
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

/** "42s", "3m 05s". */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`;
}

export interface ProgressPrinter {
  start(total: number): void;
  event(event: StackActivity): void;
  stop(): void;
}

const isFailure = (e: StackActivity) => e.status.endsWith('_FAILED');
const isDone = (e: StackActivity) => /_(COMPLETE|SKIPPED)$/.test(e.status) || isFailure(e);

/** Under CI: one plain line per event, and the total time at the end. */
export function linePrinter(out: Output, paint: Pick<Palette, 'error'> = { error: (t) => t }): ProgressPrinter {
  let started: number | undefined;
  return {
    start() {
      started = Date.now();
    },
    event: (e) => out.write(isFailure(e) ? paint.error(formatEventLine(e).trimEnd()) + '\n' : formatEventLine(e)),
    stop() {
      if (started !== undefined) out.write(`Finished in ${formatDuration(Date.now() - started)}.\n`);
      started = undefined;
    },
  };
}

interface Running {
  logicalId: string;
  resourceType: string;
  status: string;
  since: number;
  /** The nested stack's logical ID in its parent; absent in the root stack. */
  stack?: string;
}

/**
 * On a terminal: a live view redrawn in place (elapsed time, resources done / total, the
 * resources in progress with nested stacks as a tree); failures and the stacks' own events
 * are printed above it as they happen. Every line is cut to the terminal's width, so a
 * narrow terminal never wraps (which would break the redraw); an unknown or 0 width counts
 * as 80 columns.
 */
export function livePrinter(out: Output, paint: Pick<Palette, 'error' | 'dim' | 'bold'>, now: () => number = Date.now): ProgressPrinter {
  let total = 0;
  let started: number | undefined;
  const done = new Set<string>();
  const running = new Map<string, Running>();
  /** Nested stacks by stack id: their logical ID in the root, so resources inside them nest. */
  const nestedName = new Map<string, string>();
  let drawn = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  const width = () => Math.max(1, (out.columns || 80) - 1);
  const fit = (line: string) => (line.length > width() ? `${line.slice(0, Math.max(0, width() - 1))}…` : line);
  const clear = () => {
    if (drawn) out.write(`\x1b[${drawn}A\r\x1b[J`);
    drawn = 0;
  };
  const draw = () => {
    clear();
    const at = now();
    const lines = [`${paint.bold(fit(`Deploying: ${Math.min(done.size, total)}/${total} resources, ${formatDuration(at - started!)}`))}`];
    const items = [...running.values()];
    const byStack = new Map<string | undefined, Running[]>();
    for (const item of items) byStack.set(item.stack, [...(byStack.get(item.stack) ?? []), item]);
    const row = (prefix: string, r: Running) => fit(`${prefix}${r.logicalId}  ${r.resourceType}  ${r.status}  ${formatDuration(at - r.since)}`);
    const body: string[] = [];
    for (const r of byStack.get(undefined) ?? []) if (!nestedNames().has(r.logicalId)) body.push(row('  ', r));
    for (const [stack, members] of byStack) {
      if (stack === undefined) continue;
      const own = running.get(`root/${stack}`);
      body.push(fit(`  ${stack}  nested stack${own ? `  ${own.status}  ${formatDuration(at - own.since)}` : ''}`));
      members.forEach((r, i) => body.push(row(i === members.length - 1 ? '  └─ ' : '  ├─ ', r)));
    }
    for (const name of nestedNames()) {
      const own = running.get(`root/${name}`);
      if (own && !byStack.has(name)) body.push(row('  ', own));
    }
    // The view stays within a screen: the first rows and a count of the rest.
    const room = 12;
    lines.push(...body.slice(0, room).map(paint.dim));
    if (body.length > room) lines.push(paint.dim(fit(`  … ${body.length - room} more in progress`)));
    out.write(`${lines.join('\n')}\n`);
    drawn = lines.length;
  };
  const nestedNames = () => new Set(nestedName.values());
  return {
    start(count) {
      total = count;
      started = now();
      draw();
      timer = setInterval(draw, 1000);
      timer.unref?.();
    },
    event(e) {
      const stack = e.nested ? nestedName.get(e.stackId) : undefined;
      if (!e.nested && e.resourceType === 'AWS::CloudFormation::Stack' && !e.isStack && e.physicalId) nestedName.set(e.physicalId, e.logicalId);
      const key = `${e.nested ? (stack ?? e.stackName) : 'root'}/${e.logicalId}`;
      if (!e.isStack) {
        if (isDone(e)) {
          running.delete(key);
          done.add(`${e.stackId}/${e.logicalId}`);
        } else if (!running.has(key) || running.get(key)!.status !== e.status) {
          running.set(key, { logicalId: e.logicalId, resourceType: e.resourceType, status: e.status, since: running.get(key)?.since ?? e.timestamp.getTime(), ...(e.nested ? { stack: stack ?? e.stackName } : {}) });
        }
      }
      if (isFailure(e) || (e.isStack && !e.nested)) {
        clear();
        const line = formatEventLine(e).trimEnd();
        out.write(`${isFailure(e) ? paint.error(line) : line}\n`);
      }
      if (started !== undefined) draw();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      clear();
      if (started !== undefined) out.write(`Finished in ${formatDuration(now() - started)}: ${Math.min(done.size, total)}/${total} resources.\n`);
      started = undefined;
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
