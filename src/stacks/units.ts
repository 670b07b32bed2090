// Stateful units: what must never change stacks. A unit is one or more stateful resources
// that refer to each other (a queue and its dead-letter queue), plus the policies and alarms
// about them alone (queue and bucket policies, dead-letter alarms). Moving a stateful resource
// to another stack deletes it from one and creates a new, empty one in the other; moving its
// policy would create the new policy and then delete the old one, which clears the policy the
// resource holds. So a unit is placed as a whole and stays where it was first deployed.
import type { Template } from '../compile/types.js';
import { STATEFUL_TYPES } from '../cfn/aws.js';
import { dependsOnList, type Reference } from './references.js';


/** Resource policies: one per queue or bucket, whichever resource set it last. */
export const POLICY_TYPES: ReadonlySet<string> = new Set(['AWS::SQS::QueuePolicy', 'AWS::S3::BucketPolicy']);

/** Types that belong to the stateful resources they name, when they name nothing else a stack owns. */
const SATELLITE_TYPES = new Set([...POLICY_TYPES, 'AWS::CloudWatch::Alarm']);

/**
 * The units of a template, each named after its first stateful logical ID in code unit order.
 * `movable(id)` says whether a resource outside every unit belongs to a group that may move
 * between stacks (a task's).
 */
export interface Units {
  /** Resource → its unit. */
  unitOf: Map<string, string>;
  /**
   * Policies about one unit that also read a task's resources or a resource that reads the unit
   * (a dead-letter queue's policy names the rules that send to it), by unit: they join the unit
   * only where it stays in the parent, which may read a nested stack's outputs and be read by it
   * without a cycle between resources.
   */
  rootOnly: Map<string, string[]>;
}

export function statefulUnits(template: Template, outgoing: ReadonlyMap<string, readonly Reference[]>, movable: (id: string) => boolean): Units {
  const parent = new Map<string, string>();
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  const union = (a: string, b: string) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  };
  const stateful = Object.keys(template.Resources).filter((id) => STATEFUL_TYPES.has(template.Resources[id]!.Type));
  for (const id of stateful) parent.set(id, id);
  for (const id of stateful) {
    for (const { target } of outgoing.get(id) ?? []) if (parent.has(target)) union(id, target);
  }
  const unitOf = new Map(stateful.map((id) => [id, find(id)]));
  const rootOnly = new Map<string, string[]>();
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (!SATELLITE_TYPES.has(resource.Type)) continue;
    const targets = (outgoing.get(id) ?? []).map((r) => r.target).filter((target) => target in template.Resources);
    const units = new Set(targets.filter((target) => unitOf.has(target)).map((target) => unitOf.get(target)!));
    if (units.size !== 1) continue;
    const [unit] = units as unknown as [string];
    // One that reads a task's resource, or a resource that reads the unit (a rule and its
    // dead-letter queue), would make a nested stack and the stack it reads read each other.
    const readsBack = (target: string) =>
      (outgoing.get(target) ?? []).some((r) => unitOf.get(r.target) === unit) || dependsOnList(template.Resources[target]!.DependsOn).some((d) => unitOf.get(d) === unit);
    const outside = targets.filter((target) => !unitOf.has(target));
    if (!outside.some((target) => movable(target) || readsBack(target))) unitOf.set(id, unit);
    // An alarm that reads a task's resources is the task's (its scaling); a policy is the queue's or bucket's.
    else if (POLICY_TYPES.has(resource.Type)) rootOnly.set(unit, [...(rootOnly.get(unit) ?? []), id]);
  }
  return { unitOf, rootOnly };
}
