// Typed resource objects. Every generated resource says which part of ecs-arch.yml made it
// (Source, a dotted config path, for lint and review) and which group it belongs to (Group,
// for splitting into nested stacks: "task:<name>" or "shared").
import { RESOURCE_WILDCARD_ACTIONS } from './aws.js';
import type { Value } from './intrinsics.js';
import type { ResourceProperties } from './resource-types.generated.js';
import type { CfnResource, EcsArchMetadata, Group } from './template.js';

export type { Group };

export interface Origin {
  source: string;
  group: Group;
}

export interface ResourceOptions {
  dependsOn?: string[];
  /** Buckets, tables and queues: kept when removed from the stack or replaced. */
  retain?: boolean;
}

/** A resource type ecs-arch emits (scripts/generate-cfn-types.mjs lists them). */
export type ResourceType = keyof ResourceProperties;

/** Properties are typed from CloudFormation's resource schema: a misspelt or misplaced property fails typecheck. */
export function resource<T extends ResourceType>(type: T, properties: ResourceProperties[T], origin: Origin, options: ResourceOptions = {}): CfnResource {
  return {
    Type: type,
    ...(options.retain ? { DeletionPolicy: 'Retain' as const, UpdateReplacePolicy: 'Retain' as const } : {}),
    ...(options.dependsOn?.length ? { DependsOn: options.dependsOn.length === 1 ? options.dependsOn[0]! : options.dependsOn } : {}),
    Properties: properties,
    Metadata: { EcsArch: { Source: origin.source, Group: origin.group } satisfies EcsArchMetadata },
  };
}

/** One IAM policy statement. Resource is always explicit: "*" only where AWS allows nothing narrower. */
export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  /** Absent only in trust and resource policies that name no resource. */
  Resource?: Value | Value[];
  Principal?: Record<string, unknown>;
  Condition?: Record<string, Record<string, unknown>>;
}

/** An identity-policy statement on every resource ("*"): only for actions AWS allows on nothing narrower. */
export function everyResourceStatement(Sid: string, actions: string[]): PolicyStatement {
  const narrowable = actions.filter((action) => !RESOURCE_WILDCARD_ACTIONS.has(action));
  if (narrowable.length) throw new Error(`internal: ${narrowable.join(', ')} must name its resources, not "*"`);
  return { Sid, Effect: 'Allow', Action: actions, Resource: '*' };
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export const policyDocument = (statements: PolicyStatement[]): PolicyDocument => ({ Version: '2012-10-17', Statement: statements });

export function assumeRolePolicy(service: string, condition?: PolicyStatement['Condition']): PolicyDocument {
  return policyDocument([
    { Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) },
  ]);
}

export type Tags = { Key: string; Value: string }[];

export const toTags = (tags: Record<string, string>): Tags => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
