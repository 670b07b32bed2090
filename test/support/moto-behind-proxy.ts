// moto with our fault proxy in front, for one test file: the pairing every AWS-facing
// command test uses (the proxy adds what moto cannot do: throttling, busy stacks, events).
import { afterAll, beforeAll, beforeEach } from '@jest/globals';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { startMoto, type Moto } from './moto.js';

export interface MotoBehindProxy {
  /** Set once the file's first beforeAll has run; absent when moto is not installed (its tests skip). */
  readonly moto: Moto;
  readonly proxy: FaultProxy;
  /** Environment for the CLI: credentials, the proxy as endpoint, fast polling, plain CI output. */
  env(extra?: Record<string, string>): Record<string, string>;
}

/**
 * Starts both before the file's tests and stops both after; clears the proxy's rules before each
 * test unless `keepRules` (a file whose beforeAll installs a fake every test relies on).
 */
export function motoBehindProxy({ keepRules = false } = {}): MotoBehindProxy {
  const started: { moto?: Moto; proxy?: FaultProxy } = {};
  beforeAll(async () => {
    started.moto = (await startMoto()) ?? undefined;
    if (started.moto) started.proxy = await startFaultProxy(started.moto.endpoint);
  });
  afterAll(async () => {
    await started.proxy?.stop();
    await started.moto?.stop();
  });
  if (!keepRules) beforeEach(() => started.proxy?.clear());
  return {
    get moto() {
      return started.moto!;
    },
    get proxy() {
      return started.proxy!;
    },
    env: (extra = {}) => ({ ...started.moto!.env, AWS_ENDPOINT_URL: started.proxy!.endpoint, ECS_ARCH_POLL_MS: '10', CI: 'true', ...extra }),
  };
}
