// Structured logs: one JSON object per line on stdout, which CloudWatch Logs (awslogs)
// stores as-is and Logs Insights can query field by field.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

const SEVERITY: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

function isLogLevel(value: string | undefined): value is LogLevel {
  return value !== undefined && value in SEVERITY;
}

/** Errors do not survive JSON.stringify; keep what a reader needs. */
function serialise(value: unknown): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack };
  }
  return value;
}

export function createLogger(
  fields: LogFields = {},
  options: { level?: LogLevel; write?: (line: string) => void } = {},
): Logger {
  const envLevel = process.env.LOG_LEVEL?.toLowerCase();
  const level = options.level ?? (isLogLevel(envLevel) ? envLevel : 'info');
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const emit = (lineLevel: LogLevel, message: string, extra: LogFields = {}) => {
    if (SEVERITY[lineLevel] < SEVERITY[level]) return;
    const record: LogFields = { time: new Date().toISOString(), level: lineLevel, msg: message, ...fields };
    for (const [key, value] of Object.entries(extra)) record[key] = serialise(value);
    write(JSON.stringify(record));
  };
  return {
    debug: (message, extra) => emit('debug', message, extra),
    info: (message, extra) => emit('info', message, extra),
    warn: (message, extra) => emit('warn', message, extra),
    error: (message, extra) => emit('error', message, extra),
    child: (more) => createLogger({ ...fields, ...more }, { level, write }),
  };
}
