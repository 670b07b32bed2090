// The library entry (package.json "main"/"exports"): what the CLI does, as functions.
// load → compile → write, and deploy/remove with the same AWS clients the CLI uses.
export { loadProject } from './config/index.js';
export type { EcsArchConfig, LoadOptions, LoadedProject, LoadResult, SourcePosition } from './config/index.js';
export type * from './config/types.generated.js';
export { compileProject, serializeTemplate } from './compile/index.js';
export type { CompileResult, CompiledTemplate, Manifest } from './compile/types.js';
export type { Diagnostic } from './diagnostics.js';
export { writeArtifacts } from './emit/index.js';
export type { EmitOptions } from './emit/index.js';
export { stackName, outputDir } from './config/paths.js';
export { connect, clientConfig, makeClient, callerAccount, explainAwsError } from './aws/clients.js';
export type { Aws, AwsTarget } from './aws/clients.js';
export { deployStack, skipDecision } from './deploy/deploy.js';
export type { DeployHooks, DeployInput, DeployPhase, DeployResult, SkipDecision } from './deploy/deploy.js';
export { removeStack } from './deploy/remove.js';
export type { RemoveInput, RemoveResult, RetainedResource } from './deploy/remove.js';
export { pollOptionsFromEnv } from './deploy/poll.js';
export type { PollOptions } from './deploy/poll.js';
export { main } from './main.js';
export type { Io } from './io.js';
