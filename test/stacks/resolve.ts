// An independent reading of a split: follows every Ref / GetAtt / Sub variable through child
// parameters, the parent's Stack Parameters and child Outputs back to the resource it finally
// names, and writes it as a token ("<X>" or "<X.Attr>"). A split is correct when every
// resource reads the same in its new stack as it did in the original template.
import type { CompiledTemplate, Template } from '../../src/compile/types.js';

export interface Stacks {
  root: Template;
  /** Stack resource logical ID → child template. */
  children: Map<string, Template>;
}

export function stacksOf(templates: CompiledTemplate[]): Stacks {
  return {
    root: templates[0]!.template,
    children: new Map(templates.slice(1).map((t) => [t.logicalId!, t.template])),
  };
}

/** Where a value is read: the root, or a child together with its Stack resource in the root. */
type Scope = { template: Template; stackId?: string };

export class Resolver {
  constructor(private readonly stacks: Stacks) {}

  private fail(message: string): never {
    throw new Error(message);
  }

  private refToken(scope: Scope, name: string): string {
    if (name.startsWith('AWS::')) return `<${name}>`;
    if (name in scope.template.Resources) return `<${name}>`;
    if (scope.stackId === undefined) {
      if (name in (scope.template.Parameters ?? {})) return `<${name}>`;
      return this.fail(`root: Ref ${name} names nothing`);
    }
    if (!(name in (scope.template.Parameters ?? {}))) this.fail(`${scope.stackId}: Ref ${name} names nothing`);
    const supplied = (this.stacks.root.Resources[scope.stackId]!.Properties!.Parameters as Record<string, unknown> | undefined)?.[name];
    if (supplied === undefined) this.fail(`${scope.stackId}: parameter ${name} is not supplied by the parent`);
    return this.read({ template: this.stacks.root }, supplied) as string;
  }

  private getAttToken(scope: Scope, target: string, attribute: string): string {
    const resource = scope.template.Resources[target];
    if (!resource) return this.fail(`${scope.stackId ?? 'root'}: GetAtt ${target}.${attribute} names no resource here`);
    if (resource.Type === 'AWS::CloudFormation::Stack' && attribute.startsWith('Outputs.')) {
      const child = this.stacks.children.get(target) ?? this.fail(`no child template for ${target}`);
      const output = child.Outputs?.[attribute.slice('Outputs.'.length)] ?? this.fail(`${target} has no output ${attribute}`);
      return this.read({ template: child, stackId: target }, output.Value) as string;
    }
    return `<${target}.${attribute}>`;
  }

  private sub(scope: Scope, argument: unknown): string {
    const [text, variables] = Array.isArray(argument) ? [argument[0] as string, argument[1] as Record<string, unknown>] : [argument as string, {}];
    const values = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, this.read(scope, v)]));
    return text.replace(/\$\{([^}]*)\}/g, (whole, inner: string) => {
      if (inner.startsWith('!')) return whole;
      if (inner in values) return String(values[inner]);
      const dot = inner.indexOf('.');
      return dot < 0 ? this.refToken(scope, inner) : this.getAttToken(scope, inner.slice(0, dot), inner.slice(dot + 1));
    });
  }

  /** `value` with every reference replaced by the token of what it finally names. */
  read(scope: Scope, value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.read(scope, item));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    if (entries.length === 1) {
      const [key, argument] = entries[0]!;
      if (key === 'Ref') return this.refToken(scope, argument as string);
      if (key === 'Fn::GetAtt') {
        const [target, attribute] = typeof argument === 'string' ? [argument.slice(0, argument.indexOf('.')), argument.slice(argument.indexOf('.') + 1)] : (argument as [string, string]);
        return this.getAttToken(scope, target, attribute);
      }
      if (key === 'Fn::Sub') return this.sub(scope, argument);
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, this.read(scope, v)]));
  }

  /** The scope (root or child) that holds resource `id`. */
  scopeOf(id: string): Scope {
    if (id in this.stacks.root.Resources) return { template: this.stacks.root };
    for (const [stackId, template] of this.stacks.children) if (id in template.Resources) return { template, stackId };
    return this.fail(`resource ${id} is in no stack`);
  }
}
