// Problems a user can cause, as values: collected, then reported together.

export interface Diagnostic {
  /** Path of the file as the user named it (relative to cwd where possible). */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  col: number;
  /** Dotted path of the offending field in the configuration, e.g. "tasks.thumbnail.cpu"; "" for the whole file. */
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Stable report order: by file, then position, then message. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.message.localeCompare(b.message),
  );
}
