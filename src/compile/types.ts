// What the compiler hands to emit, lint, graph, deploy.
import type { LoadedProject } from '../config/index.js';
import type { Diagnostic } from '../diagnostics.js';
import type { ImageBuild } from '../images/context.js';
import type { Model } from '../model/index.js';
import type { CompiledTemplate } from '../cfn/template.js';
import type { Grant } from './access.js';

export type { CfnResource, CompiledTemplate, Template } from '../cfn/template.js';

export interface Manifest {
  stackName: string;
  region: string;
  stage: string;
  /** sha256 of the root template's body (templateBody in src/stacks/artifacts.ts: what CloudFormation receives). */
  templateHash: string;
  /** Resource type → count, over all templates. */
  resourceCounts: Record<string, number>;
  /**
   * Buckets, tables, queues (incl. DLQs) wherever they land: deploy refuses to replace or
   * remove these. `stack` is the logical ID of the nested stack that holds one; absent in the root.
   */
  statefulLogicalIds: { logicalId: string; stack?: string }[];
  tags: Record<string, string>;
  terminationProtection: boolean;
  artifactBucket?: string;
  /** --param overrides the templates were compiled with (absent when none). */
  params?: Record<string, string | number | boolean>;
  /**
   * Every template, root first. `hash` is sha256 of its body; a nested template is uploaded to
   * ecs-arch/<stackName>/<hash>.json in the artifact bucket, the key its TemplateURL names.
   */
  templates: { fileName: string; hash: string; logicalId?: string }[];
  /** Images built from source (`image: { build }`), each tagged with the hash of its inputs; deploy builds and pushes them. */
  images: ImageBuild[];
}

export interface CompileResult {
  project: LoadedProject;
  /** The configuration with every default filled in, as the templates were built from it. */
  model: Model;
  /** Root first. */
  templates: CompiledTemplate[];
  manifest: Manifest;
  /** Logical ID → config path that produced it (also in each resource's Metadata). */
  sources: Record<string, string>;
  /** Per task, what its role may do: the one record its IAM statements and review.md's words come from. */
  grants: Record<string, Grant[]>;
  /**
   * Problems in the `cloudformation:` escape hatch (a patch path that does not exist, a
   * clashing logical ID) or in splitting into nested stacks (no artifact bucket, a task too
   * large for one stack), with their position in ecs-arch.yml. When any is an error the
   * templates must not be written or deployed: report them and exit 2.
   */
  diagnostics?: Diagnostic[];
}
