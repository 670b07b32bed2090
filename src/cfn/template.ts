// A CloudFormation template as plain typed objects (serialised with JSON.stringify), and the
// ecs-arch metadata every generated resource carries.

/** A CloudFormation template; serialised with JSON.stringify. */
export interface Template {
  AWSTemplateFormatVersion: '2010-09-09';
  Description?: string;
  Metadata?: Record<string, unknown>;
  Parameters?: Record<string, unknown>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: unknown; Description?: string; Export?: { Name: unknown } }>;
}

export interface CfnResource<Type extends string = string, Properties = Record<string, unknown>> {
  Type: Type;
  Properties?: Properties;
  DependsOn?: string | string[];
  Condition?: string;
  DeletionPolicy?: 'Delete' | 'Retain' | 'RetainExceptOnCreate' | 'Snapshot';
  UpdateReplacePolicy?: 'Delete' | 'Retain' | 'Snapshot';
  /** Every generated resource carries { EcsArch: EcsArchMetadata } (see ecsArchMetadata). */
  Metadata?: Record<string, unknown>;
}

export interface CompiledTemplate {
  /** "template.json" for the root stack; nested stacks "stacks/<Name>.json". */
  fileName: string;
  /** Logical ID of the AWS::CloudFormation::Stack in the parent; absent for the root. */
  logicalId?: string;
  template: Template;
}

/** Which ecs-arch resources belong together when a template is split: one task's, or shared. */
export type Group = 'shared' | `task:${string}`;

/**
 * Metadata.EcsArch: the ecs-arch.yml path that made a resource (Source: lint and review map
 * findings back to lines with it) and its Group (for splitting into nested stacks). Nested
 * stack resources also list the tasks they hold.
 */
export interface EcsArchMetadata {
  Source?: string;
  Group?: string;
  Tasks?: string[];
  /** Data stacks: the stateful resources (by their first logical ID) they hold. */
  StatefulResources?: string[];
  /** Nested stacks: the project's outputs they hold (info lists them even when the parent also reads one). */
  Outputs?: string[];
}

/** A resource's Metadata.EcsArch, with fields of the wrong type dropped: escape-hatch resources may carry anything. */
export function ecsArchMetadata(resource: CfnResource | undefined): EcsArchMetadata {
  const raw = resource?.Metadata?.EcsArch;
  if (typeof raw !== 'object' || raw === null) return {};
  const { Source, Group, Tasks, Outputs } = raw as Record<string, unknown>;
  const strings = (value: unknown): value is string[] => Array.isArray(value) && value.every((t) => typeof t === 'string');
  return {
    ...(typeof Source === 'string' ? { Source } : {}),
    ...(typeof Group === 'string' ? { Group } : {}),
    ...(strings(Tasks) ? { Tasks } : {}),
    ...(strings(Outputs) ? { Outputs } : {}),
  };
}

/** The ecs-arch.yml path that made a resource, if it says. */
export const resourceSource = (resource: CfnResource | undefined): string | undefined => ecsArchMetadata(resource).Source;

/** The task group a resource belongs to ("task:<name>"); shared and escape-hatch resources have none. */
export function resourceTaskGroup(resource: CfnResource | undefined): `task:${string}` | undefined {
  const group = ecsArchMetadata(resource).Group;
  return group?.startsWith('task:') ? (group as `task:${string}`) : undefined;
}
