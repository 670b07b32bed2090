// End to end through main(): ecs-arch.yml → load → compile → deploy → info → remove, against moto.
import { describe, expect, test } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/main.js';
import { loadProject } from '../../src/config/index.js';
import { compileProject } from '../../src/compile/index.js';
import { motoBehindProxy } from '../support/moto-behind-proxy.js';
import { testWithTool } from '../support/tools.js';
import { fakeIo } from '../support/deploy-fixtures.js';

const CONFIG = `name: e2e
stage: dev
region: us-east-1
queues:
  jobs: {}
tables:
  results:
    partitionKey: pk
topics:
  alerts: {}
`;

const emulator = motoBehindProxy();
const cwd = mkdtempSync(join(tmpdir(), 'ecs-arch-e2e-'));
writeFileSync(join(cwd, 'ecs-arch.yml'), CONFIG);

/** Whether the compiler is in place yet (it is built in parallel); until then only info/remove run end to end. */
async function compilerReady(): Promise<boolean> {
  try {
    const loaded = await loadProject({ configPath: 'ecs-arch.yml', cwd, env: {} });
    return loaded.ok && compileProject(loaded.project).templates.length > 0;
  } catch {
    return false;
  }
}
const withCompiler = (await compilerReady()) ? testWithTool('moto_server') : test.skip;

const io = (extra: Record<string, string> = {}) => fakeIo({ cwd, env: emulator.env(extra) });

describe('through main()', () => {
  testWithTool('moto_server')('info and remove name the stack <name>-<stage> and say when it does not exist', async () => {
    const info = io();
    expect(await main(['info'], info.io)).toBe(1);
    expect(info.stderr()).toBe('Stack e2e-dev does not exist in account 123456789012, region us-east-1.\n');
    const remove = io();
    expect(await main(['remove', '--yes', '--stage', 'pr-7'], remove.io)).toBe(0);
    expect(remove.stdout()).toBe('Account 123456789012, region us-east-1\nStack e2e-pr-7 does not exist in account 123456789012, region us-east-1; nothing to remove.\n');
  });

  withCompiler('deploy, deploy again (no changes), info, remove', async () => {
    const first = io();
    expect(await main(['deploy', '--yes', '--outputs-file', 'outputs.json'], first.io)).toBe(0);
    expect(first.stderr()).toBe('');
    expect(first.stdout()).toContain('Stack e2e-dev: CREATE_COMPLETE\n');
    expect(existsSync(join(cwd, '.ecs-arch/dev/template.json'))).toBe(true);
    expect(existsSync(join(cwd, '.ecs-arch/dev/review.md'))).toBe(true);
    expect(JSON.parse(readFileSync(join(cwd, 'outputs.json'), 'utf8'))).toEqual(JSON.parse(readFileSync(join(cwd, '.ecs-arch/dev/outputs.json'), 'utf8')));

    emulator.proxy.clear();
    const again = io();
    expect(await main(['deploy', '--yes'], again.io)).toBe(0);
    expect(again.stdout()).toBe('Account 123456789012, region us-east-1\nNo changes: stack e2e-dev is up to date (the deployed template and tags are identical; --force creates a change set anyway).\n');
    expect(emulator.proxy.count('CreateChangeSet')).toBe(0);

    const diff = io();
    expect(await main(['diff'], diff.io)).toBe(0);
    expect(diff.stdout()).toBe('Account 123456789012, region us-east-1\nNo changes: stack e2e-dev is up to date (CloudFormation found no changes).\n');

    const info = io();
    expect(await main(['info', '--json'], info.io)).toBe(0);
    expect(JSON.parse(info.stdout())).toMatchObject({ stackName: 'e2e-dev', status: 'CREATE_COMPLETE' });

    const ci = io();
    expect(await main(['deploy'], ci.io)).toBe(2);

    const remove = io();
    expect(await main(['remove', '--yes'], remove.io)).toBe(0);
    expect(remove.stdout()).toContain('Stack e2e-dev removed.\n');
    expect(remove.stdout()).toContain('Retained resources that remain');
  });
});
