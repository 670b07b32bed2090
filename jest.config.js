// ESM throughout: jest runs under --experimental-vm-modules and @swc/jest strips types.
export default {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/workers/**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'es6' } },
    ],
  },
  // Sources import siblings as './x.js' (NodeNext); jest resolves the .ts file.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // Probes cfn-lint and moto_server once per run instead of once per test file, and starts one
  // cfn-lint that every cfn-lint call of the run is handed to (test/support/cfn-lint-server.py).
  globalSetup: '<rootDir>/test/support/probe-tools.ts',
  globalTeardown: '<rootDir>/test/support/stop-tools.ts',
  testTimeout: 60000,
  // Both cores: most slow files wait on a child (cfn-lint, moto, the bundle, Docker) while the
  // other worker computes. jest's default on 2 cores is 1 worker.
  maxWorkers: 2,
  testSequencer: '<rootDir>/test/support/sequencer.mjs',
};
