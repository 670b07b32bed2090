// Stable assignment of task groups to nested stacks.
//
// Why this scheme: a group that moves from one nested stack to another is deleted from the
// first and created in the second. For its stateful resources (queues, dead-letter queues with
// DeletionPolicy Retain) that is a replacement: the old queue is orphaned with its messages,
// a new empty one is made. So a deploy that adds or removes one task must leave every other
// task where it was. A scheme whose bin count follows the total size (n = ceil(size / 500),
// group → hash mod n) fails that: when n changes, almost every group changes bin.
//
// The scheme: each group's name is hashed (sha256) to a bit string. Nested stacks are the
// leaves of a binary trie over those bits, grown only where needed: start with one node holding
// every group; a node whose child template would break a limit (resources, bytes, parameters,
// outputs) splits into two by the next bit; a node that fits is a nested stack. A leaf is named
// by its bit prefix with trailing zeros removed ("" → TaskStack, "1" → TaskStack1, "01" →
// TaskStack01); leaves form a prefix-free set, so names are unique, and the "0" half of a split
// keeps the name of the node it came from.
//
// Pinned groups (stateful units already deployed in a data stack, see split.ts) follow their
// stack's name instead of their hash: a unit pinned to "01" is routed as "01000…", and a node
// holding a unit pinned deeper than itself splits further, so the pinned unit always lands in
// a leaf of its own name, however the rest grows or shrinks.
//
// Guarantees: the assignment is a pure function of the set of group names and sizes and the
// pins (no other state, no input order). Adding or removing one group moves no other group unless the leaf it
// belongs to crosses a limit; then only groups in that leaf's hash range move, and of those
// only the ones whose next bit is 1 (about half) on a split, or the sibling's on a merge. No
// stateless scheme can do better while also keeping the stack count proportional to size:
// full stability for every change would force each group's stack to depend on its name alone.
import { createHash } from 'node:crypto';

export type Evaluation<T> = { fits: true; value: T } | { fits: false; reason: string };

export interface Leaf<T> {
  /** Bit prefix with trailing zeros removed: the stack's stable name suffix. */
  name: string;
  groups: string[];
  value: T;
}

export interface Partition<T> {
  leaves: Leaf<T>[];
  /** Groups that break a limit on their own, with the reason. */
  tooLarge: { group: string; reason: string }[];
}

function bitsOf(group: string): string {
  return [...createHash('sha256').update(group).digest()].map((byte) => byte.toString(2).padStart(8, '0')).join('');
}

/** Group → the leaf name (trailing zeros removed) it is pinned to. */
export type Pins = ReadonlyMap<string, string>;

export function partition<T>(groups: readonly string[], evaluate: (groups: string[], name: string) => Evaluation<T>, pins: Pins = new Map()): Partition<T> {
  const route = (group: string): string => {
    const pinned = pins.get(group);
    return pinned === undefined ? bitsOf(group) : pinned.padEnd(256, '0');
  };
  const bits = new Map([...groups].sort().map((group) => [group, route(group)]));
  const result: Partition<T> = { leaves: [], tooLarge: [] };
  const visit = (prefix: string, members: string[]): void => {
    if (!members.length) return;
    const name = prefix.replace(/0+$/, '');
    // A member pinned to a deeper leaf: this node must split whatever it holds.
    if (!members.some((group) => (pins.get(group)?.length ?? 0) > prefix.length)) {
      const evaluation = evaluate(members, name);
      if (evaluation.fits) return void result.leaves.push({ name, groups: members, value: evaluation.value });
      // One group, or groups pinned together to a stack they no longer fit in.
      if (members.length === 1 || prefix.length === 256) return void result.tooLarge.push(...members.map((group) => ({ group, reason: evaluation.reason })));
    }
    const depth = prefix.length;
    visit(`${prefix}0`, members.filter((group) => bits.get(group)![depth] === '0'));
    visit(`${prefix}1`, members.filter((group) => bits.get(group)![depth] === '1'));
  };
  visit('', [...bits.keys()]);
  return result;
}
