// The documented GitHub Actions workflow is valid against GitHub's workflow schema
// (@action-validator/core), and does what docs/github-actions.md says.
import { expect, test } from '@jest/globals';
import { validateWorkflow } from '@action-validator/core';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

test('examples/full/.github/workflows/ecs-arch.yml is a valid workflow: OIDC login, diff with one review comment on PRs, deploy --yes on main', () => {
  const text = readFileSync(`${ROOT}examples/full/.github/workflows/ecs-arch.yml`, 'utf8');
  const state = validateWorkflow(text);
  expect(state.errors).toEqual([]);
  expect(validateWorkflow('on: push\njobs:\n  a:\n    steps: 3\n').errors.length).toBeGreaterThan(0);
  expect(text).toContain('id-token: write');
  expect(text).toContain('aws-actions/configure-aws-credentials');
  expect(text).toContain('npx ecs-arch diff');
  expect(text).toContain('updateComment');
  expect(text).toContain('npx ecs-arch deploy --yes');
  expect(readFileSync(`${ROOT}docs/github-actions.md`, 'utf8')).toContain('examples/full/.github/workflows/ecs-arch.yml');
});

test('examples/full/.github/workflows/ecs-arch-pr-stage.yml is a valid workflow: a stage per pull request, deployed on open and push, removed with its data on close', () => {
  const text = readFileSync(`${ROOT}examples/full/.github/workflows/ecs-arch-pr-stage.yml`, 'utf8');
  expect(validateWorkflow(text).errors).toEqual([]);
  expect(text).toContain('types: [opened, synchronize, reopened, closed]');
  expect(text).toContain('STAGE: pr-${{ github.event.pull_request.number }}');
  expect(text).toContain('npx ecs-arch deploy --yes -s "$STAGE"');
  expect(text).toContain('npx ecs-arch remove -s "$STAGE" --delete-data --yes');
  expect(readFileSync(`${ROOT}docs/github-actions.md`, 'utf8')).toContain('examples/full/.github/workflows/ecs-arch-pr-stage.yml');
});
