// `status` as one screen of aligned sections; the same data is the --json document.
import type { StageStatus } from '../operate/status.js';
import { formatInZone } from '../operate/next-run.js';
import { formatDuration } from './deploy.js';

/** A failed run's cause in one short line: it can be a whole JSON document (RunTask failures[]). */
const CAUSE_WIDTH = 100;
const short = (text: string) => {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > CAUSE_WIDTH ? `${line.slice(0, CAUSE_WIDTH - 1)}…` : line;
};

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
    // Only a stage with tasks run by a state machine (timeout, retry) has runs to show.
    ...(status.runs.length
      ? section(
          'Runs (tasks with timeout or retry, newest first)',
          status.runs.flatMap((run) =>
            run.executions.length
              ? run.executions.map((e) => [
                  run.task,
                  e.status,
                  e.startedAt ?? '',
                  e.stoppedAt ?? '—',
                  e.durationSeconds === null ? 'running' : formatDuration(e.durationSeconds * 1000),
                  e.error || e.cause ? short([e.error, e.cause].filter(Boolean).join(': ')) : '',
                ])
              : [[run.task, 'no runs yet']],
          ),
        )
      : []),
    ...section(
      'Stopped tasks',
      status.stoppedTasks.map((t) => [t.task, t.taskId.slice(0, 8), t.stoppedAt ?? '', t.exitCode === null ? 'no exit code' : `exit ${t.exitCode}`, t.stopReason]),
    ),
    ...section('Alarms in ALARM', status.alarms.map((a) => [a.alarm, a.since ?? '', a.reason])),
  );
  return `${lines.join('\n')}\n`;
}
