// `ecs-arch validate`: load, resolve variables, validate; every problem with its position.
import { reportDiagnostics, writeAnnotations } from '../ui/report.js';
import { loadResultFromContext } from './shared.js';
import { EXIT_INVALID, EXIT_OK, type CommandContext } from './types.js';

export async function run(context: CommandContext): Promise<number> {
  const { io, global } = context;
  const result = await loadResultFromContext(context);
  const diagnostics = result.ok ? result.project.warnings : result.diagnostics;
  if (global.json) {
    io.stdout.write(`${JSON.stringify({ valid: result.ok, diagnostics })}\n`);
    writeAnnotations(io, diagnostics, io.stderr);
  } else if (diagnostics.length) {
    reportDiagnostics(io, diagnostics, { json: false });
  }
  if (!result.ok) return EXIT_INVALID;
  if (!global.json) {
    const { project } = result;
    const tasks = Object.keys(project.config.tasks ?? {}).length;
    io.stdout.write(`${project.displayPath} is valid (stage ${project.stage}, region ${project.region}, ${tasks} task${tasks === 1 ? '' : 's'})\n`);
  }
  return EXIT_OK;
}
