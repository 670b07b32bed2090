// review.md: a Markdown summary for pull requests. With a change set (diff/deploy) it starts
// with what a reviewer must decide on (counts, data loss, replacements, removals, broadened
// access); everything else is in collapsed <details> blocks. It stays under REVIEW_LIMIT
// characters whatever the project's size: long lists are cut, each with a count of the rest.
// The handlebars template is precompiled (scripts/generate-review-template.mjs): `compile` writes
// review.md and should load only the small handlebars runtime, once.
import { basename } from 'node:path';
// The runtime only (no template compiler); the CLI bundle inlines it.
import HandlebarsRuntime from 'handlebars/runtime.js';
import type { CompileResult } from '../compile/types.js';
import { kindOf, serviceOf } from '../compile/triggers/registry.js';
import { buildGraph, renderMermaid } from '../graph/index.js';
import type { ModelTask } from '../model/index.js';
import { taskPermissions } from './permissions.js';
import { reviewTemplateSpec } from './template.generated.js';
import type { ChangeSetReview } from './types.js';
import { changeCounts, plural, quotaText, replacementText } from '../util/text.js';

export type * from './types.js';

/** GitHub rejects comments over 65,536 characters; this leaves room for a workflow's own words. */
export const REVIEW_LIMIT = 60_000;

type Render = (context: object) => string;
let render: Render | undefined;

function reviewTemplate(): Render {
  if (!render) {
    render = (HandlebarsRuntime as unknown as { template(spec: unknown): Render }).template(reviewTemplateSpec);
  }
  return render;
}

/**
 * Plain text inside Markdown: characters that would start emphasis, code, links, HTML or
 * strikethrough are escaped, so `arn:…/*` for `AWS:*` shows its wildcards instead of italics.
 */
export function markdownText(text: string): string {
  return text.replace(/[\\`*_[\]~|]/g, '\\$&').replace(/</g, '&lt;');
}

/** A Markdown table cell: escaped text, and no line break to end the row. */
export function cell(text: string | number): string {
  return markdownText(String(text)).replace(/\r?\n/g, '<br>') || ' ';
}

/** A code fence longer than any run of backticks in the text. */
export function fenceFor(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

/**
 * The template diff for a ```diff block: GitHub colours lines by their first character, so
 * each line starts with +, - or ! (cloudformation-diff's [+], [-] and [~], and the + or -
 * rows of its IAM tables), else a space.
 */
export function diffLines(templateDiff: string): string[] {
  if (!templateDiff) return [];
  return templateDiff.replace(/\n$/, '').split('\n').map((line) => {
    const marker = /\[\+\]|^\s*│ \+ │/.test(line) ? '+' : /\[-\]|^\s*│ - │/.test(line) ? '-' : /\[~\]/.test(line) ? '!' : ' ';
    return `${marker} ${line}`.trimEnd();
  });
}

function scalingText(task: ModelTask): string {
  const service = serviceOf(task);
  if (service) return service.scaling;
  if (!task.triggers.length) return 'started by hand';
  return task.triggers.every((t) => kindOf(t).startsPer === 'run') ? 'one task per run' : 'one task per event';
}

/** A list that may be cut to fit: the items shown, and a line saying how many were left out. */
interface Part {
  items: string[];
  total: number;
  more: string;
  /** What the note says was left out ("changes", "lines") and where to see them all. */
  noun: string;
  where: string;
}

function part(items: string[], noun: string, where: string): Part {
  return { items, total: items.length, more: '', noun, where };
}

/** The summary names at most this many of each kind; the collapsed lists below have them all. */
const SUMMARY_ITEMS = 20;

function summaryPart(items: string[], noun: string): Part {
  const list = part(items.slice(0, SUMMARY_ITEMS), noun, 'the lists below have them all');
  list.total = items.length;
  if (items.length > SUMMARY_ITEMS) list.more = moreNote(list);
  return list;
}

function moreNote(list: Part): string {
  return `\n_… ${list.total - list.items.length} more ${list.noun} not shown${list.total > SUMMARY_ITEMS && list.where.startsWith('the lists') ? '' : " (GitHub's comment size limit)"}; ${list.where}._\n`;
}

/** Drops items from the end until about `overflow` characters are gone, and says how many. */
function cut(list: Part, overflow: number): void {
  let removed = 0;
  while (list.items.length && removed < overflow + 300) removed += list.items.pop()!.length + 1;
  if (list.total > list.items.length) list.more = moreNote(list);
}

export type ReviewCommand = 'compile' | 'diff' | 'deploy';

export interface ReviewOptions {
  /** The command that wrote it, named in the header. Default: diff with a change set, else compile. */
  command?: ReviewCommand;
  /** The deploy refused the change set because of data loss. */
  refused?: boolean;
}

export function renderReview(result: CompileResult, changes?: ChangeSetReview, options: ReviewOptions = {}): string {
  const { manifest, project, model } = result;
  const tasks = [...model.tasks].sort((a, b) => a.name.localeCompare(b.name));
  const total = Object.values(manifest.resourceCounts).reduce((a, b) => a + b, 0);
  const command = options.command ?? (changes ? 'diff' : 'compile');
  const full = changes ? 'run `ecs-arch diff --verbose` for the full list' : 'see the templates `ecs-arch compile` writes';
  const where = (c: ChangeSetReview['changes'][number]) => markdownText(c.stack ? `${c.stack}/${c.logicalId}` : c.logicalId);
  const parts = {
    diff: part(changes ? diffLines(changes.templateDiff) : [], 'lines', 'run `ecs-arch diff --verbose` for the whole diff'),
    permissions: part(
      taskPermissions(result, tasks.map((t) => t.name)).map(
        ({ task, lines }) => `**${markdownText(task)}** may:\n${(lines.length ? lines : ['nothing beyond running (its role has no policies)']).map((l) => `- ${l}`).join('\n')}\n`,
      ),
      'tasks',
      full,
    ),
    rows: part(
      (changes?.changes ?? []).map((c) => `| ${cell(c.action)} | ${cell(c.stack ? `${c.stack} / ${c.logicalId}` : c.logicalId)} | ${cell(c.resourceType)} | ${cell(replacementText(c))} |`),
      'changes',
      full,
    ),
    security: part((changes?.securityChanges ?? []).map(markdownText), 'IAM and security group changes', full),
    tasks: part(
      tasks.map((task) =>
        `| ${[task.name, task.service ? 'service' : 'task', task.cpu, `${task.memory} MiB`, task.triggers.map((trigger) => kindOf(trigger).describe(trigger)).join('; ') || '—', scalingText(task)].map(cell).join(' | ')} |`,
      ),
      'tasks',
      'run `ecs-arch print` for every task',
    ),
    resources: part(Object.entries(manifest.resourceCounts).map(([type, count]) => `| ${cell(type)} | ${count} |`), 'resource types', 'see manifest.json'),
    replaced: summaryPart((changes?.changes ?? []).filter((c) => c.action === 'Modify' && (c.replacement === 'True' || c.replacement === 'Conditional')).map((c) => `\`${c.resourceType}\` ${where(c)}${c.replacement === 'Conditional' ? ' (conditionally)' : ''}`), 'replacements'),
    removed: summaryPart((changes?.changes ?? []).filter((c) => c.action === 'Remove').map((c) => `\`${c.resourceType}\` ${where(c)}`), 'removals'),
    broadening: summaryPart((changes?.broadening ?? []).map(markdownText), 'broadening changes'),
    dataLossRisks: summaryPart((changes?.dataLossRisks ?? []).map(markdownText), 'resources'),
  };
  const quota = quotaText(changes?.quota);
  let mermaid = renderMermaid(buildGraph(model));
  const draw = () =>
    reviewTemplate()({
      command,
      stackName: manifest.stackName,
      stage: manifest.stage,
      region: manifest.region,
      configFile: markdownText(basename(project.file)),
      resourceSummary: `${plural(total, 'resource')} in ${plural(result.templates.length, 'template')}, ${manifest.statefulLogicalIds.length} kept on delete`,
      mermaid,
      tasks: parts.tasks,
      resources: parts.resources,
      permissions: parts.permissions,
      ...(changes
        ? {
            changes: {
              changeSetName: markdownText(changes.changeSetName),
              counts: changeCounts(changes.changes, (n, what) => `**${n}** ${what}`),
              quota: quota && markdownText(quota).replace(/^(Warning|Note):/, '**$1:**'),
              total: changes.changes.length,
              refused: options.refused === true,
              rows: parts.rows,
              security: parts.security,
              replaced: parts.replaced,
              removed: parts.removed,
              broadening: parts.broadening,
              dataLossRisks: parts.dataLossRisks,
              fence: fenceFor(changes.templateDiff),
              diff: parts.diff,
            },
          }
        : {}),
    })
      .replace(/\n{3,}/g, '\n\n')
      .replace(/\n+$/, '\n');
  let text = draw();
  // The least important parts go first; the summary (at most SUMMARY_ITEMS per list) stays.
  for (const name of ['diff', 'permissions', 'rows', 'security', 'tasks', 'resources', 'mermaid'] as const) {
    if (text.length <= REVIEW_LIMIT) break;
    if (name === 'mermaid') mermaid = '';
    else cut(parts[name], text.length - REVIEW_LIMIT);
    text = draw();
  }
  return text;
}
