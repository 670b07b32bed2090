// Files shipped with the package (schema, templates, package.json), found by walking up from
// this module: the same code runs from src/ (tests), dist/ (library) and dist/bundle/ (CLI).
import { existsSync, readFileSync } from 'node:fs';

const MARKER = 'schema/ecs-arch.schema.json';
let root: URL | undefined;

export function packageFile(relative: string): URL {
  if (!root) {
    let dir = new URL('./', import.meta.url);
    while (!existsSync(new URL(MARKER, dir))) {
      const parent = new URL('../', dir);
      if (parent.href === dir.href) throw new Error(`ecs-arch: cannot find its own ${MARKER} above ${import.meta.url}`);
      dir = parent;
    }
    root = dir;
  }
  return new URL(relative, root);
}

/** This ecs-arch's version, from its package.json. */
export function version(): string {
  const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string };
  return pkg.version;
}
