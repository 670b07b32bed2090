// Nested stacks past CloudFormation's per-stack limits (README "Deploying").
export { splitTemplate, measure, STACK_LIMITS } from './split.js';
export type { Placement, SplitOptions, SplitProblem, SplitResult, TemplateSize } from './split.js';
export { templateBody, templateKey, templateUrl, sha256 } from './artifacts.js';
