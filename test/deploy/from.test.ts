// deploy --from <compile output>: the reviewed bytes are deployed without compiling again;
// output of another ecs-arch version, edited templates, or another stack/region are refused.
import { describe, expect } from '@jest/globals';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/main.js';
import { templateBody } from '../../src/stacks/artifacts.js';
import { fakeIo } from '../support/deploy-fixtures.js';
import { motoBehindProxy } from '../support/moto-behind-proxy.js';
import { testWithTool } from '../support/tools.js';

const it = testWithTool('moto_server');
const emulator = motoBehindProxy();


const CONFIG = 'name: reviewed\nregion: us-east-1\nqueues:\n  jobs: {}\n';

async function run(cwd: string, argv: string[]) {
  const fake = fakeIo({ cwd, env: emulator.env() });
  const code = await main(argv, fake.io);
  return { code, out: fake.stdout(), err: fake.stderr() };
}

describe('deploy --from', () => {
  it('deploys the compiled bytes as they are; refuses edited templates, another version, another stack or region', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ecs-arch-from-'));
    writeFileSync(join(cwd, 'ecs-arch.yml'), CONFIG);
    expect((await run(cwd, ['compile', '--out', 'reviewed'])).code).toBe(0);
    const reviewed = JSON.parse(readFileSync(join(cwd, 'reviewed/template.json'), 'utf8'));
    // The configuration changes after the review: --from must not pick that up.
    writeFileSync(join(cwd, 'ecs-arch.yml'), `${CONFIG}  more: {}\n`);
    let body: string | null = null;
    emulator.proxy.add({ action: 'CreateChangeSet', before: (r) => void (body = r.params.get('TemplateBody')) });
    const deployed = await run(cwd, ['deploy', '--yes', '--from', 'reviewed']);
    expect(deployed.err).toBe('');
    expect(deployed.code).toBe(0);
    expect(body).toBe(templateBody(reviewed));
    expect(deployed.out).toContain('Stack reviewed-dev: CREATE_COMPLETE\n');

    const refused = async (argv: string[], message: string) => {
      emulator.proxy.clear();
      const result = await run(cwd, argv);
      expect(result).toEqual({ code: 2, out: '', err: `ecs-arch deploy: --from reviewed: ${message}; nothing was deployed.\n` });
      expect(emulator.proxy.calls()).toEqual({});
    };
    await refused(['deploy', '--yes', '--from', 'reviewed', '--stage', 'prod'], 'it is for stack reviewed-dev in us-east-1, but ecs-arch.yml with these options deploys reviewed-prod in us-east-1');
    await refused(['deploy', '--yes', '--from', 'reviewed', '--region', 'eu-west-1'], 'it is for stack reviewed-dev in us-east-1, but ecs-arch.yml with these options deploys reviewed-dev in eu-west-1');

    const manifestFile = join(cwd, 'reviewed/manifest.json');
    const manifest = readFileSync(manifestFile, 'utf8');
    writeFileSync(manifestFile, manifest.replace(/"ecsArchVersion": "[^"]+"/, '"ecsArchVersion": "0.0.1"'));
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    await refused(['deploy', '--yes', '--from', 'reviewed'], `it was compiled by ecs-arch 0.0.1, this is ${version}: compile again with this version, or deploy with that one`);
    writeFileSync(manifestFile, manifest);
    writeFileSync(join(cwd, 'reviewed/template.json'), JSON.stringify({ ...reviewed, Description: 'edited' }, null, 2));
    await refused(['deploy', '--yes', '--from', 'reviewed'], "template.json was changed after compile (its hash differs from manifest.json's)");
  });
});
