// Docker cannot run here, so each worker's Dockerfile is checked for what matters when it
// is built elsewhere: a separate build stage, a non-root user, signals reaching node, and
// a command that starts the compiled worker from files the build copies in.
import { describe, expect, test } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const workersDir = fileURLToPath(new URL('.', import.meta.url));
const workers = ['s3-to-dynamodb', 'scheduled-batch', 'queue-worker'];

function instructions(dockerfile: string): { op: string; args: string }[] {
  return dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [op, ...rest] = line.split(/\s+/);
      return { op: op!.toUpperCase(), args: rest.join(' ') };
    });
}

describe.each(workers)('%s/Dockerfile', (worker) => {
  const steps = instructions(readFileSync(`${workersDir}${worker}/Dockerfile`, 'utf8'));
  const stages = steps.reduce<{ op: string; args: string }[][]>((all, step) => {
    if (step.op === 'FROM') all.push([]);
    all.at(-1)?.push(step);
    return all;
  }, []);
  const final = stages.at(-1)!;

  test('is multi-stage: the final image takes only build output from the build stage', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(final.filter((s) => s.op === 'COPY').every((s) => s.args.startsWith('--from=build '))).toBe(true);
    expect(final.some((s) => s.op === 'RUN' && /npm (install|ci)/.test(s.args))).toBe(false);
  });

  test('runs as a non-root user', () => {
    const user = final.filter((s) => s.op === 'USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(['root', '0', '0:0']).not.toContain(user);
  });

  test('starts the compiled worker under an init process', () => {
    expect(final.find((s) => s.op === 'ENTRYPOINT')?.args).toBe('["/sbin/tini", "--"]');
    expect(final.find((s) => s.op === 'CMD')?.args).toBe(`["node", "dist/${worker}/main.js"]`);
    expect(existsSync(`${workersDir}${worker}/main.ts`)).toBe(true);
  });

  test('copies only sources that exist in workers/', () => {
    const sources = stages[0]!.filter((s) => s.op === 'COPY').flatMap((s) => s.args.split(/\s+/).slice(0, -1));
    for (const source of sources) expect(existsSync(`${workersDir}${source}`)).toBe(true);
  });
});
