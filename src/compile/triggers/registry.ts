// Every trigger kind, typed over its model: adding one is a module in this folder (see
// TriggerKind in ../contribution.ts), its schema fragment and one line in each list here.
import type { TriggerKind as ContractTriggerKind } from '../../../workers/runtime/env-contract.js';
import type { TriggerKind } from '../contribution.js';
import { event, type EventTriggerModel } from './event.js';
import { s3, type S3TriggerModel } from './s3.js';
import { schedule, type ScheduleTriggerModel } from './schedule.js';
import { sqs, type SqsTriggerModel } from './sqs.js';

export type TriggerModel = S3TriggerModel | ScheduleTriggerModel | SqsTriggerModel | EventTriggerModel;
export type TriggerKindName = TriggerModel['kind'];
export type TriggerModelOf<K extends TriggerKindName> = Extract<TriggerModel, { kind: K }>;

// `satisfies` holds the workers' contract (which cannot import the compiler) to exactly these
// kinds: a kind missing on either side fails the typecheck.
export const TRIGGER_KINDS: { readonly [K in TriggerKindName]: TriggerKind<K> } = { s3, schedule, sqs, event } satisfies Record<ContractTriggerKind, unknown>;

export const TRIGGER_KIND_NAMES = Object.keys(TRIGGER_KINDS) as TriggerKindName[];

/** How the trigger that makes a task a service words it; undefined for a task started per run or event. */
export function serviceOf(task: { triggers: readonly TriggerModel[] }): { capacity: string; scaling: string } | undefined {
  for (const trigger of task.triggers) {
    const service = kindOf(trigger).service?.(trigger);
    if (service) return service;
  }
  return undefined;
}

/** The module of a trigger's kind (TypeScript cannot relate a union member to its mapped entry). */
export const kindOf = <T extends TriggerModel>(trigger: T): TriggerKind<T['kind']> => TRIGGER_KINDS[trigger.kind] as unknown as TriggerKind<T['kind']>;
