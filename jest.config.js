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
  // Probes cfn-lint and moto_server once per run instead of once per test file.
  globalSetup: '<rootDir>/test/support/probe-tools.ts',
  testTimeout: 60000,
};
