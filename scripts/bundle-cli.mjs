// Bundles the CLI into dist/bundle/ so `ecs-arch compile` starts fast: one file instead of
// ~100 module loads (yaml alone is ~80 CommonJS files). Commands stay separate chunks, loaded
// lazily as in src/commands/registry.ts (handlebars' runtime lands in the chunk that writes
// review.md, its compiler in init's). The AWS SDK, the diff library and execa stay external and
// load from node_modules only in the commands that call AWS or cfn-lint.
import { build } from 'esbuild';

await build({
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunk-[hash]',
  external: ['@aws-sdk/*', '@aws-cdk/*', '@smithy/*', 'execa', 'fast-json-patch', 'ajv', 'ajv/*'],
  // Bundled CommonJS (yaml) calls require() for Node built-ins.
  banner: { js: "import { createRequire as __ecsArchCreateRequire } from 'node:module'; const require = __ecsArchCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
