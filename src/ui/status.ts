// `status` as one screen of aligned sections; the same data is the --json document.
import type { StageStatus } from '../operate/status.js';
import { formatInZone } from '../operate/next-run.js';

/** Rows as columns padded to their widest cell (the last column is not padded). */
function table(rows: string[][]): string[] {
  const widths = rows.reduce<number[]>((w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)), []);
  return rows.map((row) => `  ${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')}`.trimEnd());
}

function section(title: string, rows: string[][]): string[] {
  return ['', title, ...(rows.length ? table(rows) : ['  none'])];
}

export function formatStatus(header: { stackName: string; status: string; lastUpdated: string }, status: StageStatus): string {
  const lines = [`Stack ${header.stackName}: ${header.status}, last updated ${header.lastUpdated}`];
  lines.push(
    ...section(
      'Services',
      status.services.map((s) => [s.task, `desired ${s.desired}`, `running ${s.running}`, `pending ${s.pending}`, `deployment ${s.deployment}`, s.scaling ? `scaling ${s.scaling.min}-${s.scaling.max}` : '']),
    ),
    ...section('Queues', status.queues.map((q) => [q.queue, `visible ${q.visible}`, `in flight ${q.inFlight}`, `dead-letter ${q.deadLetter}`])),
    ...section(
      'Schedules',
      status.schedules.map((s) => [s.task, s.expression, s.state, `next ${s.nextRun ? formatInZone(Date.parse(s.nextRun), s.timezone) : '—'}`, `dead letters ${s.deadLetters}`]),
    ),
    ...section('S3 rules', status.rules.map((r) => [r.task, `bucket ${r.bucket}`, r.events.join(','), r.state, `dead letters ${r.deadLetters}`])),
    ...section(
      'Stopped tasks',
      status.stoppedTasks.map((t) => [t.task, t.taskId.slice(0, 8), t.stoppedAt ?? '', t.exitCode === null ? 'no exit code' : `exit ${t.exitCode}`, t.stopReason]),
    ),
    ...section('Alarms in ALARM', status.alarms.map((a) => [a.alarm, a.since ?? '', a.reason])),
  );
  return `${lines.join('\n')}\n`;
}
