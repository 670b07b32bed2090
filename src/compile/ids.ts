// The one allocator of logical IDs for a template. Names are joined without separators
// (task "a" + bucket "b-c" and task "a-b" + bucket "c" both give "ABCS3Rule"), and changing that
// scheme would replace deployed resources. So every resource is claimed here with the config
// path that made it, and a second path claiming a taken ID is the user's clash to resolve: a
// diagnostic naming both paths, never a silent merge and never a crash.
export interface IdClash {
  id: string;
  /** Config path that claimed the ID first. */
  first: string;
  /** Config path that asked for it again. */
  second: string;
}

export class LogicalIds {
  private readonly owners = new Map<string, string>();
  readonly clashes: IdClash[] = [];

  /**
   * True when `id` is free or already belongs to `configPath` (parts of one config item may
   * share a resource, e.g. a task's trigger dead-letter queue); false, with a clash recorded,
   * when another path holds it.
   */
  claim(id: string, configPath: string): boolean {
    const owner = this.owners.get(id);
    if (owner === undefined) this.owners.set(id, configPath);
    else if (owner !== configPath) {
      this.clashes.push({ id, first: owner, second: configPath });
      return false;
    }
    return true;
  }
}
