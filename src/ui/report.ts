// Prints diagnostics: `file:line:col: message` lines (with a code frame on a TTY), or
// {"diagnostics":[...]} with --json; under GitHub Actions also ::error annotations.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { Io } from '../io.js';
import { plural } from '../util/text.js';
import { palette } from './colour.js';

const FRAME_CONTEXT = 2;

function location(d: Diagnostic): string {
  return d.line > 0 ? `${d.file}:${d.line}:${d.col}` : d.file;
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${location(d)}: ${d.severity === 'warning' ? 'warning: ' : ''}${d.message}`;
}

/** A few lines around the position with a caret under the column. */
export function codeFrame(text: string, line: number, col: number): string {
  const lines = text.split(/\r?\n/);
  if (line < 1 || line > lines.length) return '';
  const first = Math.max(1, line - FRAME_CONTEXT);
  const last = Math.min(lines.length, line + FRAME_CONTEXT);
  const width = String(last).length;
  const out: string[] = [];
  for (let n = first; n <= last; n++) {
    out.push(`${n === line ? '>' : ' '} ${String(n).padStart(width)} | ${lines[n - 1]}`.trimEnd());
    if (n === line) out.push(`  ${' '.repeat(width)} | ${' '.repeat(Math.max(0, col - 1))}^`);
  }
  return out.join('\n');
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** A GitHub Actions workflow command that annotates the file in the pull request. */
export function githubAnnotation(d: Diagnostic): string {
  const position = d.line > 0 ? `,line=${d.line},col=${d.col}` : '';
  return `::${d.severity} file=${escapeProperty(d.file)}${position}::${escapeData(d.message)}`;
}


export function summary(diagnostics: readonly Diagnostic[]): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  return warnings ? `${plural(errors, 'error')}, ${plural(warnings, 'warning')}` : plural(errors, 'error');
}

export function reportDiagnostics(io: Io, diagnostics: readonly Diagnostic[], options: { json: boolean }): void {
  if (options.json) {
    io.stdout.write(`${JSON.stringify({ diagnostics })}\n`);
  } else {
    const sources = new Map<string, string | undefined>();
    const sourceOf = (file: string): string | undefined => {
      if (!sources.has(file)) {
        try {
          sources.set(file, readFileSync(resolve(io.cwd, file), 'utf8'));
        } catch {
          sources.set(file, undefined);
        }
      }
      return sources.get(file);
    };
    const paint = palette(io.stderr, io.env);
    for (const d of diagnostics) {
      io.stderr.write(`${(d.severity === 'warning' ? paint.warning : paint.error)(formatDiagnostic(d))}\n`);
      const text = io.stderr.isTTY && d.line > 0 ? sourceOf(d.file) : undefined;
      if (text !== undefined) io.stderr.write(`${codeFrame(text, d.line, d.col)}\n\n`);
    }
    io.stderr.write(`${summary(diagnostics)}\n`);
  }
  // Workflow commands are read from stdout; with --json stdout stays pure JSON.
  writeAnnotations(io, diagnostics, options.json ? io.stderr : io.stdout);
}

/** Under GitHub Actions, one ::error / ::warning workflow command per diagnostic. */
export function writeAnnotations(io: Io, diagnostics: readonly Diagnostic[], out: Io['stdout']): void {
  if (io.env.GITHUB_ACTIONS !== 'true') return;
  for (const d of diagnostics) out.write(`${githubAnnotation(d)}\n`);
}
