// What a change set means: its changes, IAM and security changes, a template diff, and the
// stateful resources it would replace or remove. Decided from both the change set and a
// template diff (@aws-cdk/cloudformation-diff knows which property changes force
// replacement), because emulators, and sometimes AWS, leave `Replacement` empty.
import { stripVTControlCharacters } from 'node:util';
import type { Change, ResourceChangeDetail } from '@aws-sdk/client-cloudformation';
import type { ChangeSetReview } from '../review/types.js';
import type { DeployedTemplate } from './stack.js';
import { STATEFUL_TYPES } from '../cfn/aws.js';

/** Resource types that hold data; removing or replacing one loses it. */

/** One stack's part of a change set: the root, or a nested stack (by its logical ID in the root). */
export interface StackChanges {
  /** Logical ID of the nested stack; absent for the root. */
  stack?: string;
  changes: Change[];
  /** Empty for a stack that does not exist yet. */
  deployedTemplate: DeployedTemplate;
  /** Empty for a nested stack that is being removed. */
  newTemplate: object;
}

export interface AnalysisInput {
  stackName: string;
  changeSetName: string;
  /** Root first, then nested stacks in logical ID order. */
  stacks: StackChanges[];
  /** Logical IDs are unique across the root and its nested stacks (the splitter keeps them). */
  statefulLogicalIds: readonly string[];
}

export async function analyseChangeSet(input: AnalysisInput): Promise<ChangeSetReview> {
  const cfnDiff = await import('@aws-cdk/cloudformation-diff');
  const review: ChangeSetReview = { stackName: input.stackName, changeSetName: input.changeSetName, changes: [], securityChanges: [], broadening: [], dataLossRisks: [], templateDiff: '', resourceChanges: 0 };
  const diffs: string[] = [];
  for (const part of input.stacks) {
    const diff = cfnDiff.fullDiff(part.deployedTemplate, part.newTemplate);
    if (part.stack && diff.isEmpty && !part.changes.length) continue;
    const where = (logicalId: string) => (part.stack ? `${part.stack}/${logicalId}` : logicalId);

    const stateful = new Set(input.statefulLogicalIds);
    for (const [logicalId, resource] of Object.entries(part.deployedTemplate.Resources ?? {})) {
      if (resource.Type && STATEFUL_TYPES.has(resource.Type)) stateful.add(logicalId);
    }
    const risks = new Map<string, string>();
    const counted = part.changes.filter((c) => ['Add', 'Modify', 'Remove'].includes(c.ResourceChange?.Action ?? '')).length;
    review.resourceChanges += part.stack && !part.changes.length ? diff.resources.differenceCount : counted;
    for (const change of part.changes) {
      const rc = change.ResourceChange;
      if (!rc?.LogicalResourceId) continue;
      const templateImpact = diff.resources.get(rc.LogicalResourceId)?.changeImpact;
      const replacement = rc.Replacement || replacementFromImpact(templateImpact);
      review.changes.push({
        action: rc.Action ?? '',
        logicalId: rc.LogicalResourceId,
        resourceType: rc.ResourceType ?? '',
        replacement,
        ...(part.stack ? { stack: part.stack } : {}),
        ...(rc.Details?.length ? { details: rc.Details.map(describeDetail) } : {}),
      });
      if (!stateful.has(rc.LogicalResourceId)) continue;
      const name = `${where(rc.LogicalResourceId)} (${rc.ResourceType})`;
      if (rc.Action === 'Remove') risks.set(rc.LogicalResourceId, `${name} would be removed`);
      else if (replacement === 'True' || replacement === 'Conditional') {
        risks.set(rc.LogicalResourceId, `${name} would be replaced${replacement === 'Conditional' ? ' (conditionally)' : ''}`);
      }
    }
    // The template diff catches what the change set leaves unsaid (and, where nested change
    // sets are not available, everything inside a nested stack).
    diff.resources.forEachDifference((logicalId, resource) => {
      if (!stateful.has(logicalId) || risks.has(logicalId)) return;
      const name = `${where(logicalId)} (${resource.oldResourceType ?? resource.newResourceType ?? ''})`;
      switch (resource.changeImpact) {
        case cfnDiff.ResourceImpact.WILL_DESTROY:
        case cfnDiff.ResourceImpact.WILL_ORPHAN:
          risks.set(logicalId, `${name} would be removed`);
          break;
        case cfnDiff.ResourceImpact.WILL_REPLACE:
          risks.set(logicalId, `${name} would be replaced`);
          break;
        case cfnDiff.ResourceImpact.MAY_REPLACE:
          risks.set(logicalId, `${name} would be replaced (conditionally)`);
          break;
        default:
      }
    });
    // A removal whose logical ID the new templates declare in another stack is a move: say so, and how to move it without replacement.
    for (const [logicalId, risk] of risks) {
      const to = input.stacks.find((other) => other !== part && logicalId in ((other.newTemplate as { Resources?: object }).Resources ?? {}));
      if (!to || !risk.endsWith(' would be removed')) continue;
      risks.set(
        logicalId,
        `${risk.slice(0, -' would be removed'.length)} would move from ${part.stack ?? 'the root stack'} to ${to.stack ?? 'the root stack'}, ` +
          'which makes a new, empty one (the old one is retained); move it first with CloudFormation stack refactoring ' +
          '(aws cloudformation create-stack-refactor, see docs/large-projects.md)',
      );
    }
    review.dataLossRisks.push(...risks.values());
    for (const { line, broadens } of securityChanges(diff)) {
      const text = part.stack ? `${part.stack}: ${line}` : line;
      review.securityChanges.push(text);
      if (broadens) review.broadening.push(text);
    }
    const text = render((stream) => cfnDiff.formatDifferences(stream, diff));
    if (text) diffs.push(part.stack ? `Nested stack ${part.stack}:\n${text}` : text);
  }
  review.dataLossRisks.sort();
  review.templateDiff = diffs.join('\n\n');
  return review;
}

/** One property-level change detail as CloudFormation reports it, for --verbose. */
function describeDetail(detail: ResourceChangeDetail): string {
  const target = detail.Target;
  const what = [target?.Attribute, target?.Name].filter(Boolean).join('.') || 'resource';
  const notes = [target?.RequiresRecreation ? `recreation: ${target.RequiresRecreation}` : '', detail.ChangeSource ?? '', detail.CausingEntity ? `from ${detail.CausingEntity}` : '', detail.Evaluation ?? ''].filter(Boolean);
  return `${what}${notes.length ? ` (${notes.join(', ')})` : ''}`;
}

function replacementFromImpact(impact: string | undefined): string {
  if (impact === 'WILL_REPLACE') return 'True';
  if (impact === 'MAY_REPLACE') return 'Conditional';
  if (impact === 'WILL_UPDATE') return 'False';
  return '';
}

type Diff = ReturnType<typeof import('@aws-cdk/cloudformation-diff').fullDiff>;

/** One plain line per IAM statement, managed policy or security group rule change; additions broaden access. */
function securityChanges(diff: Diff): { line: string; broadens: boolean }[] {
  const lines: { line: string; broadens: boolean }[] = [];
  const rows = (table: string[][]) => table.slice(1).map((row) => row.map((cell) => stripVTControlCharacters(cell).replace(/\s*\n\s*/g, ' ')));
  for (const [sign, resource, effect, action, principal, condition] of rows(diff.iamChanges.summarizeStatements())) {
    lines.push({ line: `${sign === '+' ? 'add' : 'remove'} IAM: ${effect} ${action} on ${resource}${principal ? ` for ${principal}` : ''}${condition ? ` when ${condition}` : ''}`, broadens: sign === '+' && effect === 'Allow' });
  }
  for (const [sign, resource, policy] of rows(diff.iamChanges.summarizeManagedPolicies())) {
    lines.push({ line: `${sign === '+' ? 'attach' : 'detach'} managed policy ${policy} to ${resource}`, broadens: sign === '+' });
  }
  for (const [sign, group, direction, protocol, peer] of rows(diff.securityGroupChanges.summarize())) {
    lines.push({ line: `${sign === '+' ? 'add' : 'remove'} security group rule: ${group} ${direction} ${protocol} ${peer}`, broadens: sign === '+' });
  }
  return lines;
}

/** Captures a cloudformation-diff formatter's output as plain text. */
function render(print: (stream: NodeJS.WritableStream) => void): string {
  let text = '';
  const stream = { write: (chunk: string | Uint8Array) => ((text += chunk.toString()), true), columns: 120 };
  print(stream as unknown as NodeJS.WritableStream);
  return stripVTControlCharacters(text).trimEnd();
}
