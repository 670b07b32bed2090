// Steps most commands share: load the project from the command line's options.
import { loadProject, type LoadedProject } from '../config/index.js';
import { reportDiagnostics } from '../ui/report.js';
import { EXIT_INVALID, type CommandContext } from './types.js';

/** The loaded project, or the exit code after the diagnostics were reported. */
export async function loadFromContext(context: CommandContext): Promise<LoadedProject | number> {
  const { io, global } = context;
  const result = await loadProject({
    configPath: global.config,
    cwd: io.cwd,
    stage: global.stage,
    region: global.region,
    env: io.env,
  });
  if (!result.ok) {
    reportDiagnostics(io, result.diagnostics, { json: global.json });
    return EXIT_INVALID;
  }
  if (result.project.warnings.length) reportDiagnostics(io, result.project.warnings, { json: global.json });
  return result.project;
}
