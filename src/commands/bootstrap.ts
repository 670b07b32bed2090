// ecs-arch bootstrap: create or upgrade the account's bootstrap stack explicitly, for
// organisations that provision it before any app deploys. Needs only a region: from
// --region, else ecs-arch.yml when there is one, else AWS_REGION / AWS_DEFAULT_REGION.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadFromContext } from './shared.js';
import { EXIT_INVALID, type CommandContext } from './types.js';

export async function run(context: CommandContext): Promise<number> {
  const { io, global } = context;
  let region = global.region;
  if (!region && existsSync(resolve(io.cwd, global.config))) {
    const project = await loadFromContext(context);
    if (typeof project === 'number') return project;
    region = project.region;
  }
  region ??= io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION;
  if (!region) {
    io.stderr.write('ecs-arch bootstrap: no region: pass --region, or set AWS_REGION.\n');
    return EXIT_INVALID;
  }
  const { runBootstrap } = await import('../deploy/run.js');
  return runBootstrap(io, region, global.json);
}
