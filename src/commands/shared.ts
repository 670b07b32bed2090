// Steps most commands share: load the project from the command line's options.
import { loadProject, type LoadedProject, type LoadResult } from '../config/index.js';
import { formatDiagnostic, reportDiagnostics } from '../ui/report.js';
import { EXIT_INVALID, type CommandContext } from './types.js';

export function loadResultFromContext(context: CommandContext): Promise<LoadResult> {
  const { io, global } = context;
  return loadProject({
    configPath: global.config,
    cwd: io.cwd,
    stage: global.stage,
    region: global.region,
    profile: global.profile,
    params: global.params,
    env: io.env,
  });
}

/** The loaded project, or the exit code after the diagnostics were reported. */
export async function loadFromContext(context: CommandContext): Promise<LoadedProject | number> {
  const { io, global } = context;
  const result = await loadResultFromContext(context);
  if (!result.ok) {
    reportDiagnostics(io, result.diagnostics, { json: global.json });
    return EXIT_INVALID;
  }
  const { warnings } = result.project;
  if (warnings.length) {
    // With --json stdout belongs to the command's own result: warnings go to stderr as lines.
    if (global.json) for (const warning of warnings) io.stderr.write(`${formatDiagnostic(warning)}\n`);
    else reportDiagnostics(io, warnings, { json: false });
  }
  return result.project;
}
