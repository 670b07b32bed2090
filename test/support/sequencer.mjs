// jest's testSequencer (plain JavaScript: jest loads it without transforming): the files that
// take longest start first, so on 2 workers no long file starts late and runs alone at the end.
// jest's own order puts the slowest first only when its cache holds timings from an earlier run
// on this machine, and otherwise the largest files first, which is what a fresh
// `npm ci && npm test` (CI) gets: growth.test.ts is short but slow. Heaviest first, by the wall
// times of single-file runs on the shared 2-core machine; the rest keep jest's order.
import Sequencer from '@jest/test-sequencer';

const SLOWEST = [
  'test/stacks/growth.test.ts',
  'test/stacks/compiled.test.ts',
  'test/cli/bundle-aws.test.ts',
  'test/images/docker.test.ts',
  'test/cli/bundle.test.ts',
  'test/stacks/growth-moto.test.ts',
  'test/deploy/deploy.test.ts',
  'test/stacks/split.test.ts',
  'test/compile/lint-and-deploy.test.ts',
  'test/compile/generated.test.ts',
];

const rank = (test) => {
  const index = SLOWEST.findIndex((file) => test.path.endsWith(file));
  return index === -1 ? SLOWEST.length : index;
};

export default class SlowestFirst extends Sequencer {
  async sort(tests) {
    return [...(await super.sort(tests))].sort((a, b) => rank(a) - rank(b));
  }
}
