// Colour for terminal output (picocolors: small, no dependencies). On when the stream is a
// terminal; NO_COLOR (any non-empty value, https://no-color.org) turns it off, FORCE_COLOR
// (anything but 0) on; TERM=dumb and non-terminals (CI logs, files, pipes) get none.
import picocolors from 'picocolors';
import type { Io, Output } from '../io.js';

export type Paint = (text: string) => string;

export interface Palette {
  enabled: boolean;
  error: Paint;
  warning: Paint;
  /** A resource that is deleted and created again. */
  replacement: Paint;
  /** Stateful resources whose data would be lost: the loudest. */
  dataLoss: Paint;
  add: Paint;
  remove: Paint;
  dim: Paint;
  bold: Paint;
}

export function colourEnabled(out: Pick<Output, 'isTTY'>, env: Io['env']): boolean {
  if (env.NO_COLOR) return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '') return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  return out.isTTY === true && env.TERM !== 'dumb';
}

export function palette(out: Pick<Output, 'isTTY'>, env: Io['env']): Palette {
  const enabled = colourEnabled(out, env);
  const c = picocolors.createColors(enabled);
  return {
    enabled,
    error: (t) => c.bold(c.red(t)),
    warning: c.yellow,
    replacement: c.magenta,
    dataLoss: (t) => c.bold(c.white(c.bgRed(t))),
    add: c.green,
    remove: c.red,
    dim: c.dim,
    bold: c.bold,
  };
}
