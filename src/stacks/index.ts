// Nested stacks past CloudFormation's per-stack limits (issue 7).
export { splitTemplate, measure, STACK_LIMITS } from './split.js';
export { STATEFUL_TYPES, isStateful } from './units.js';
export type { Placement, SplitOptions, SplitProblem, SplitResult, TemplateSize } from './split.js';
export { templateBody, templateKey, templateUrl, sha256 } from './artifacts.js';
