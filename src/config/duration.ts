// Durations in ecs-arch.yml: "30s", "5m", "2h", "1d", or a whole number of seconds.

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** Seconds, or undefined when the value is not a duration. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = /^(\d+)([smhd])$/.exec(value);
  return match ? Number(match[1]) * UNIT_SECONDS[match[2]!]! : undefined;
}

/** The validator has accepted every duration; a failure here is a bug, not user input. */
export function durationSeconds(value: string | number): number {
  const seconds = parseDuration(value);
  if (seconds === undefined) throw new Error(`not a duration: ${JSON.stringify(value)}`);
  return seconds;
}
