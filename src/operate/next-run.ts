// When a schedule runs next, in its own time zone, for `status`. cron() is evaluated on the
// wall clock of the zone (as Scheduler does); rate() counts from the schedule's creation;
// at() is its one time. Fields with L, W or # are not evaluated (undefined: shown as "—").
import { CRON_FIELDS, value, type CronField } from '../config/schedule.js';

const MINUTE = 60_000;

function allowed(field: CronField, text: string): Set<number> | undefined {
  const values = new Set<number>();
  if (text === '*' || text === '?') {
    for (let v = field.min; v <= field.max; v++) values.add(v);
    return values;
  }
  for (const part of text.split(',')) {
    if (/[LW#]/.test(part)) return undefined;
    const [range, step] = part.split('/') as [string, string | undefined];
    const [fromText, toText] = range.split('-') as [string, string | undefined];
    const from = range === '*' ? field.min : value(field, fromText);
    const to = range === '*' ? field.max : toText !== undefined ? value(field, toText) : step !== undefined ? field.max : from;
    if (from === undefined || to === undefined) return undefined;
    for (let v = from; v <= to; v += step ? Number(step) : 1) values.add(v);
  }
  return values;
}

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 1 = Sunday … 7 = Saturday, as cron counts. */
  weekday: number;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function wallClock(format: Intl.DateTimeFormat, time: number): WallClock {
  const parts = Object.fromEntries(format.formatToParts(time).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour) % 24,
    minute: Number(parts.minute),
    weekday: WEEKDAYS.indexOf(parts.weekday!) + 1,
  };
}

function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', weekday: 'short' });
}

function nextCron(body: string, timeZone: string, now: number): number | undefined {
  const fields = body.trim().split(/\s+/);
  const sets = CRON_FIELDS.map((field, i) => allowed(field, fields[i] ?? ''));
  if (sets.some((s) => s === undefined)) return undefined;
  const [minutes, hours, days, months, weekdays, years] = sets as Set<number>[];
  const format = zoneFormat(timeZone);
  let time = Math.floor(now / MINUTE) * MINUTE + MINUTE;
  // Jumps a day, an hour or a minute at a time: a few thousand steps cover years.
  for (let steps = 0; steps < 20_000; steps++) {
    const clock = wallClock(format, time);
    if (clock.year > Math.max(...years!)) return undefined;
    if (!years!.has(clock.year) || !months!.has(clock.month) || !days!.has(clock.day) || !weekdays!.has(clock.weekday)) {
      time += ((23 - clock.hour) * 60 + (60 - clock.minute)) * MINUTE;
    } else if (!hours!.has(clock.hour)) time += (60 - clock.minute) * MINUTE;
    else if (!minutes!.has(clock.minute)) time += MINUTE;
    else return time;
  }
  return undefined;
}

const RATE_MS: Record<string, number> = { minute: MINUTE, hour: 60 * MINUTE, day: 24 * 60 * MINUTE };

/** The next run after `now` (ms), or undefined when it cannot be told. */
export function nextRun(expression: string, timeZone: string, now: number, createdAt?: number): number | undefined {
  const match = /^(cron|rate|at)\((.*)\)$/s.exec(expression.trim());
  if (!match) return undefined;
  const [, kind, body] = match as unknown as [string, string, string];
  if (kind === 'cron') return nextCron(body, timeZone, now);
  if (kind === 'rate') {
    const rate = /^(\d+)\s+(minute|hour|day)s?$/.exec(body.trim());
    if (!rate || createdAt === undefined) return undefined;
    const every = Number(rate[1]) * RATE_MS[rate[2]!]!;
    return createdAt + Math.ceil((now - createdAt + 1) / every) * every;
  }
  // at(yyyy-mm-ddThh:mm:ss) is wall-clock time in the schedule's zone.
  const at = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})$/.exec(body.trim());
  if (!at) return undefined;
  const format = zoneFormat(timeZone);
  const [y, mo, d, h, mi] = at.slice(1, 6).map(Number) as [number, number, number, number, number];
  // The UTC instant whose wall clock in the zone reads the given time (offset read back once, then corrected).
  let guess = Date.UTC(y, mo - 1, d, h, mi);
  for (let i = 0; i < 2; i++) {
    const c = wallClock(format, guess);
    guess -= Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute) - Date.UTC(y, mo - 1, d, h, mi);
  }
  return guess > now ? guess : undefined;
}

/** "2026-12-02 02:30 Europe/Berlin": a time as the zone's wall clock shows it. */
export function formatInZone(time: number, timeZone: string): string {
  const c = wallClock(zoneFormat(timeZone), time);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${c.year}-${pad(c.month)}-${pad(c.day)} ${pad(c.hour)}:${pad(c.minute)} ${timeZone}`;
}
