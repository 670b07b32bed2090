// `ecs-arch validate`: load, resolve variables, validate, then compile in memory (nothing is
// written), so "valid" means "compiles": every problem with its position.
import { compileProject } from '../compile/index.js';
import { hasErrors, sortDiagnostics } from '../diagnostics.js';
import { reportDiagnostics, writeAnnotations } from '../ui/report.js';
import { loadResultFromContext } from './shared.js';
import { EXIT_INVALID, EXIT_OK, type CommandContext } from './types.js';

export async function run(context: CommandContext): Promise<number> {
  const { io, global } = context;
  const result = await loadResultFromContext(context);
  const diagnostics = result.ok ? sortDiagnostics([...result.project.warnings, ...(compileProject(result.project).diagnostics ?? [])]) : result.diagnostics;
  const valid = !hasErrors(diagnostics);
  if (global.json) {
    io.stdout.write(`${JSON.stringify({ valid, diagnostics })}\n`);
    writeAnnotations(io, diagnostics, io.stderr);
  } else if (diagnostics.length) {
    reportDiagnostics(io, diagnostics, { json: false });
  }
  if (!result.ok || !valid) return EXIT_INVALID;
  if (!global.json) {
    const { project } = result;
    const tasks = Object.keys(project.config.tasks ?? {}).length;
    io.stdout.write(`${project.displayPath} is valid (stage ${project.stage}, region ${project.region}, ${tasks} task${tasks === 1 ? '' : 's'})\n`);
  }
  return EXIT_OK;
}
