// EventBridge Scheduler expressions: cron(6 fields), rate(n unit) and the @hourly/@daily/@weekly
// shorthands, plus IANA time zones. Each check returns a plain reason, or undefined when valid.

export const SHORTHANDS: Record<string, string> = {
  '@hourly': 'cron(0 * * * ? *)',
  '@daily': 'cron(0 0 * * ? *)',
  '@weekly': 'cron(0 0 ? * SUN *)',
};

/**
 * The expression Scheduler receives: shorthands become cron(), and the whitespace this module
 * accepts inside cron(…)/rate(…) (tabs, runs of spaces, padding) becomes single spaces, the
 * only separator Scheduler documents.
 */
export function scheduleExpression(expression: string): string {
  const trimmed = expression.trim();
  if (Object.hasOwn(SHORTHANDS, trimmed)) return SHORTHANDS[trimmed]!;
  const match = /^\s*(cron|rate)\((.*)\)\s*$/s.exec(expression);
  return match ? `${match[1]}(${match[2]!.trim().split(/\s+/).join(' ')})` : expression;
}

export const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
export const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

export interface CronField {
  name: string;
  min: number;
  max: number;
  names?: string[];
  /** Wildcards beyond , - * / that the field accepts. */
  special: string;
}

export const CRON_FIELDS: CronField[] = [
  { name: 'minutes', min: 0, max: 59, special: '' },
  { name: 'hours', min: 0, max: 23, special: '' },
  { name: 'day-of-month', min: 1, max: 31, special: '?LW' },
  { name: 'month', min: 1, max: 12, names: MONTHS, special: '' },
  { name: 'day-of-week', min: 1, max: 7, names: DAYS, special: '?L#' },
  { name: 'year', min: 1970, max: 2199, special: '' },
];

export function value(field: CronField, text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  const index = field.names?.indexOf(text.toUpperCase()) ?? -1;
  return index >= 0 ? index + 1 : undefined;
}

function checkValue(field: CronField, text: string): string | undefined {
  const number = value(field, text);
  if (number === undefined) return `"${text}" is not a value for ${field.name}`;
  if (number < field.min || number > field.max) return `${field.name} must be ${field.min}-${field.max}, not ${text}`;
  return undefined;
}

function checkField(field: CronField, text: string): string | undefined {
  if (text === '*') return undefined;
  if (text === '?') return field.special.includes('?') ? undefined : `"?" is allowed only in day-of-month or day-of-week, not ${field.name}`;
  for (const part of text.split(',')) {
    if (part === '') return `${field.name} has an empty item in "${text}"`;
    if (field.name === 'day-of-month' && (part === 'L' || /^\d+W$/.test(part) || part === 'LW')) {
      if (/^\d+W$/.test(part)) {
        const problem = checkValue(field, part.slice(0, -1));
        if (problem) return problem;
      }
      continue;
    }
    if (field.name === 'day-of-week' && /^.+#\d$/.test(part)) {
      const [day, nth] = part.split('#') as [string, string];
      const problem = checkValue(field, day);
      if (problem) return problem;
      if (Number(nth) < 1 || Number(nth) > 5) return `"${part}": the number after # must be 1-5`;
      if (text.includes(',')) return `"${text}": a # item cannot be combined with others`;
      continue;
    }
    if (field.name === 'day-of-week' && /^(\w+)?L$/.test(part)) {
      if (part !== 'L') {
        const problem = checkValue(field, part.slice(0, -1));
        if (problem) return problem;
      }
      continue;
    }
    const [range, step, extra] = part.split('/');
    if (extra !== undefined) return `"${part}" has more than one "/"`;
    if (step !== undefined && (!/^\d+$/.test(step) || Number(step) === 0)) return `"${part}": the increment after / must be a positive number`;
    if (range === '*' && step !== undefined) continue;
    const [from, to, beyond] = range!.split('-');
    if (beyond !== undefined) return `"${part}" has more than one "-"`;
    const problem = checkValue(field, from!) ?? (to !== undefined ? checkValue(field, to) : undefined);
    if (problem) return problem;
  }
  return undefined;
}

function checkCron(body: string): string | undefined {
  const fields = body.trim().split(/\s+/);
  if (fields.length !== 6) {
    return `a cron expression has 6 fields (minutes hours day-of-month month day-of-week year), this one has ${fields.length}`;
  }
  for (const [index, field] of CRON_FIELDS.entries()) {
    const problem = checkField(field, fields[index]!);
    if (problem) return problem;
  }
  const dayOfMonth = fields[2]!;
  const dayOfWeek = fields[4]!;
  if ((dayOfMonth === '?') === (dayOfWeek === '?')) {
    return 'exactly one of day-of-month and day-of-week must be "?" (e.g. cron(0 2 * * ? *))';
  }
  return undefined;
}

const RATE_UNITS = ['minute', 'minutes', 'hour', 'hours', 'day', 'days'];

function checkRate(body: string): string | undefined {
  const match = /^\s*(\d+)\s+([a-z]+)\s*$/.exec(body);
  if (!match) return 'a rate expression is rate(<number> <unit>), e.g. rate(5 minutes) or rate(1 hour)';
  const amount = Number(match[1]);
  const unit = match[2]!;
  if (amount === 0) return 'a rate must be at least 1';
  if (!RATE_UNITS.includes(unit)) return `"${unit}" is not a rate unit (minute(s), hour(s) or day(s))`;
  const singular = unit.replace(/s$/, '');
  if (amount === 1 && unit !== singular) return `write rate(1 ${singular}): the unit is singular for 1`;
  if (amount > 1 && unit === singular) return `write rate(${amount} ${singular}s): the unit is plural for values above 1`;
  return undefined;
}

/** Why expression is not a valid schedule, or undefined. */
export function scheduleProblem(expression: string): string | undefined {
  if (Object.hasOwn(SHORTHANDS, expression)) return undefined;
  const match = /^(cron|rate)\((.*)\)$/s.exec(expression.trim());
  if (!match) return 'use cron(…), rate(…), @hourly, @daily or @weekly';
  return match[1] === 'cron' ? checkCron(match[2]!) : checkRate(match[2]!);
}

let zones: Set<string> | undefined;

/** IANA names Node knows (its ICU data), plus UTC which Intl lists only as an alias. */
export function timeZones(): Set<string> {
  zones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC', 'GMT']);
  return zones;
}

export function isTimeZone(name: string): boolean {
  if (timeZones().has(name)) return true;
  // Links such as Asia/Calcutta are valid IANA names that Intl does not list; offsets like "+01:00" are not names.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: name });
  } catch {
    return false;
  }
  // Intl ignores case; Scheduler does not.
  return ![...timeZones()].some((zone) => zone.toLowerCase() === name.toLowerCase());
}
