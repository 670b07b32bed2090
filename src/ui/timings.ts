// --verbose: how long each phase of a command took, one line on stderr.

export function formatTimings(phases: readonly { name: string; ms: number }[]): string {
  const total = phases.reduce((sum, p) => sum + p.ms, 0);
  return `Timings: ${[...phases.map((p) => `${p.name} ${(p.ms / 1000).toFixed(1)}s`), `total ${(total / 1000).toFixed(1)}s`].join(', ')}\n`;
}
