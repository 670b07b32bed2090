// Generates docs/environment.md from the ECS_ARCH_* contract's table
// (workers/runtime/env-contract.ts). `npm run generate` rewrites it; a test fails when it is stale.
import { writeFileSync } from 'node:fs';
import { build } from 'esbuild';

const cell = (text) => text.replace(/\|/g, '\\|');

/** The page for a contract module's exports (TRIGGER_VARIABLES, RESOURCE_VARIABLES). */
export function generateEnvironmentDoc({ TRIGGER_VARIABLES, RESOURCE_VARIABLES }) {
  const lines = [
    '<!-- Generated from workers/runtime/env-contract.ts by scripts/generate-environment-doc.mjs (npm run generate). Do not edit. -->',
    '# Container environment',
    '',
    'ecs-arch sets these variables in every task\'s container, so a program finds its resources and',
    'knows what started it without configuration of its own. Names starting with `ECS_ARCH_` are',
    'reserved: `environment` and `secrets` in `ecs-arch.yml` may not use them. The workers\' runtime',
    '([workers/README.md](../workers/README.md)) reads them with typed helpers.',
    '',
    '## Resources',
    '',
    '`<NAME>` is the resource\'s name in `ecs-arch.yml`, upper-cased, with `-` as `_`',
    '(`raw-uploads` → `ECS_ARCH_BUCKET_RAW_UPLOADS`).',
    '',
    '| variable | set for a task with | value |',
    '|---|---|---|',
    ...Object.values(RESOURCE_VARIABLES).map((v) => `| \`${v.prefix}<NAME>${v.suffix}\` | ${cell(v.setBy)} | ${cell(v.meaning)} |`),
    '',
    '## Triggers',
    '',
    '| variable | set by | value |',
    '|---|---|---|',
    ...Object.values(TRIGGER_VARIABLES).map((v) => {
      const events = v.s3Events && v.s3Events.length < 2 ? ` (${v.s3Events.join(', ')} objects only)` : '';
      const source = v.eventPath ? ` From the event's \`${v.eventPath}\`.` : '';
      return `| \`${v.name}\` | ${v.triggers.map((t) => `\`${t}\``).join(', ')}${events} | ${cell(v.meaning)}${source} |`;
    }),
    '',
  ];
  return lines.join('\n');
}

/** Loads the TypeScript contract module as it is (it imports nothing). */
async function loadContract() {
  const { outputFiles } = await build({
    entryPoints: [new URL('../workers/runtime/env-contract.ts', import.meta.url).pathname],
    write: false,
    format: 'esm',
    logLevel: 'warning',
  });
  return import(`data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(new URL('../docs/environment.md', import.meta.url), generateEnvironmentDoc(await loadContract()));
}
