// Findings from cfn-lint and the built-in rules, before and after mapping to ecs-arch.yml.
import type { Template } from '../compile/types.js';

export type FindingLevel = 'error' | 'warning' | 'info';

/** A problem at a path in one generated template (cfn-lint's Location.Path, or a rule's). */
export interface TemplateFinding {
  /** The template's fileName in the compile result: "template.json", "stacks/<Name>.json". */
  template: string;
  /** Path inside the template, e.g. ["Resources", "ThumbnailTaskRole", "Properties", "Policies", 0]. */
  path: (string | number)[];
  rule: string;
  level: FindingLevel;
  message: string;
  tool: 'cfn-lint' | 'ecs-arch';
}

/** A finding with the position in ecs-arch.yml of what produced it: what `lint` prints. */
export interface LintFinding {
  file: string;
  line: number;
  col: number;
  rule: string;
  level: FindingLevel;
  message: string;
  /** Logical ID of the resource, when the finding is on one. */
  resource?: string;
  template: string;
  /** Config path the position belongs to, e.g. "tasks.thumbnail.triggers.0.s3". */
  source: string;
  tool: TemplateFinding['tool'];
}

/** One hit of a built-in rule: where in the template and what is wrong. */
export interface RuleHit {
  path: (string | number)[];
  message: string;
}

/** A built-in security rule, run on every compiled template (so it also sees escape-hatch resources). */
export interface SecurityRule {
  /** EA1xxx. */
  id: string;
  description: string;
  level: Exclude<FindingLevel, 'info'>;
  check(template: Template): RuleHit[];
}
