import type { CfnResource, Template } from '../../compile/types.js';

export function resourcesOfType(template: Template, ...types: string[]): [string, CfnResource][] {
  return Object.entries(template.Resources ?? {}).filter(([, r]) => types.includes(r.Type));
}
