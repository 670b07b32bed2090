// A task's CloudWatch Logs: every stream of its log group (one per ECS task), interleaved by
// time; paginated; throttling retried by the SDK's adaptive retry mode and, while following,
// by backing off. Used by `logs` and by `run --wait`.
import type * as Logs from '@aws-sdk/client-cloudwatch-logs';
import { isThrottling, makeClient, type AwsTarget } from '../aws/clients.js';
import { sleep } from '../deploy/poll.js';

export interface LogSource {
  task: string;
  logGroup: string;
  /** Only these streams (run --wait: the one task it started). */
  streamNames?: string[];
}

export interface LogLine {
  task: string;
  /** The ECS task ID at the end of the awslogs stream name (<prefix>/<container>/<task id>). */
  taskId: string;
  stream: string;
  timestamp: number;
  message: string;
}

export interface LogReader {
  /** Events from `startTime` (ms) on, every page, all sources interleaved by time. */
  read(startTime: number, filterPattern?: string): Promise<LogLine[]>;
  destroy(): void;
}

export async function logReader(target: AwsTarget, sources: LogSource[]): Promise<LogReader> {
  const sdk: typeof Logs = await import('@aws-sdk/client-cloudwatch-logs');
  // FilterLogEvents allows a few calls a second per account: adaptive retries slow down
  // instead of failing when several groups or a follow loop hit that limit.
  const client = makeClient((config) => new sdk.CloudWatchLogsClient({ maxAttempts: 8, ...config, retryMode: 'adaptive' }), target, 'CLOUDWATCH_LOGS');
  const readSource = async (source: LogSource, startTime: number, filterPattern?: string): Promise<LogLine[]> => {
    const lines: LogLine[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.send(
        new sdk.FilterLogEventsCommand({
          logGroupName: source.logGroup,
          startTime,
          ...(filterPattern ? { filterPattern } : {}),
          ...(source.streamNames ? { logStreamNames: source.streamNames } : {}),
          nextToken,
        }),
      );
      for (const event of page.events ?? []) {
        const stream = event.logStreamName ?? '';
        lines.push({ task: source.task, taskId: stream.split('/').pop() ?? stream, stream, timestamp: event.timestamp ?? 0, message: (event.message ?? '').replace(/\n$/, '') });
      }
      nextToken = page.nextToken;
    } while (nextToken);
    return lines;
  };
  return {
    async read(startTime, filterPattern) {
      const all = (await Promise.all(sources.map((source) => readSource(source, startTime, filterPattern)))).flat();
      // Stable: equal timestamps keep CloudWatch's order within a group.
      return all.sort((a, b) => a.timestamp - b.timestamp);
    },
    destroy: () => client.destroy(),
  };
}

/**
 * Prints what is there from `startTime`, then (follow) polls for new events until `stop`
 * says so or the signal aborts. Events at the last timestamp seen are remembered, so a poll
 * from that timestamp prints nothing twice (by stream, time and text: event IDs are not
 * guaranteed stable across calls).
 */
export async function streamLogs(options: {
  reader: LogReader;
  startTime: number;
  filterPattern?: string;
  follow: boolean;
  pollMs: number;
  signal?: AbortSignal;
  print(line: LogLine): void;
  /** Checked after each poll while following; true ends the loop (run --wait: the task stopped). */
  stop?(): Promise<boolean>;
}): Promise<void> {
  const { reader, filterPattern, signal } = options;
  let from = options.startTime;
  let seen = new Set<string>();
  let delay = options.pollMs;
  for (;;) {
    let lines: LogLine[];
    try {
      lines = await reader.read(from, filterPattern);
      delay = options.pollMs;
    } catch (error) {
      if (!options.follow || !isThrottling(error) || signal?.aborted) throw error;
      delay = Math.min(delay * 2, options.pollMs * 30);
      lines = [];
    }
    for (const line of lines) if (!seen.has(lineKey(line))) options.print(line);
    if (lines.length) {
      const last = lines[lines.length - 1]!.timestamp;
      if (last > from) seen = new Set();
      from = last;
      for (const line of lines) if (line.timestamp === last) seen.add(lineKey(line));
    }
    if (!options.follow || signal?.aborted) return;
    if (options.stop && (await options.stop())) {
      // One last read: the task's final lines arrive up to a few seconds after it stops.
      options.follow = false;
      continue;
    }
    await sleep(delay, signal);
    if (signal?.aborted) return;
  }
}

const lineKey = (line: LogLine) => `${line.stream}\0${line.timestamp}\0${line.message}`;

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** --since: a duration back from now (30s, 15m, 1h, 2d) or an ISO 8601 time; a problem as a sentence. */
export function parseSince(value: string, now: number): number | string {
  const duration = /^(\d+)([smhd])$/.exec(value.trim());
  if (duration) return now - Number(duration[1]) * UNITS[duration[2]!]!;
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) {
    const time = Date.parse(value);
    if (!Number.isNaN(time)) return time;
  }
  return `--since "${value}" must be a duration (30s, 15m, 1h, 2d) or an ISO 8601 time (2026-12-01T09:30:00Z)`;
}

/** "2026-12-01T09:30:00.123Z 3f2a9c1b message", with the task name first when several tasks are shown. */
export function formatLogLine(line: LogLine, withTask: boolean): string {
  return `${new Date(line.timestamp).toISOString()} ${withTask ? `${line.task} ` : ''}${line.taskId.slice(0, 8)} ${line.message}`;
}

export function logLineJson(line: LogLine): string {
  return JSON.stringify({ task: line.task, taskId: line.taskId, timestamp: new Date(line.timestamp).toISOString(), message: line.message });
}
