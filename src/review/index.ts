// review.md: a Markdown summary for pull requests — the architecture diagram, tasks,
// resources, IAM permissions in plain words and, from diff/deploy, the change set.
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
import { plural } from '../util/text.js';

export type * from './types.js';

type Render = (context: object) => string;
let render: Render | undefined;

function reviewTemplate(): Render {
  if (!render) {
    render = (HandlebarsRuntime as unknown as { template(spec: unknown): Render }).template(reviewTemplateSpec);
  }
  return render;
}

/** A Markdown table cell: pipes and line breaks would end the cell or the row. */
export function cell(text: string | number): string {
  return String(text).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/\r?\n/g, '<br>') || ' ';
}

/** A code fence longer than any run of backticks in the text. */
export function fenceFor(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  return '`'.repeat(Math.max(3, longest + 1));
}

function scalingText(task: ModelTask): string {
  const service = serviceOf(task);
  if (service) return service.scaling;
  if (!task.triggers.length) return 'started by hand';
  return task.triggers.every((t) => kindOf(t).startsPer === 'run') ? 'one task per run' : 'one task per event';
}


export function renderReview(result: CompileResult, changes?: ChangeSetReview): string {
  const { manifest, project, model } = result;
  const tasks = [...model.tasks].sort((a, b) => a.name.localeCompare(b.name));
  const total = Object.values(manifest.resourceCounts).reduce((a, b) => a + b, 0);
  const text = reviewTemplate()({
    stackName: manifest.stackName,
    stage: manifest.stage,
    region: manifest.region,
    configFile: basename(project.file),
    resourceSummary: `${plural(total, 'resource')} in ${plural(result.templates.length, 'template')}, ${manifest.statefulLogicalIds.length} kept on delete`,
    mermaid: renderMermaid(buildGraph(model)),
    tasks: tasks.map((task) => ({
      name: cell(task.name),
      kind: task.service ? 'service' : 'task',
      cpu: task.cpu,
      memory: `${task.memory} MiB`,
      triggers: cell(task.triggers.map((trigger) => kindOf(trigger).describe(trigger)).join('; ') || '—'),
      scaling: cell(scalingText(task)),
    })),
    resources: Object.entries(manifest.resourceCounts).map(([type, count]) => ({ type: cell(type), count })),
    permissions: taskPermissions(
      result,
      tasks.map((t) => t.name),
    ),
    ...(changes
      ? {
          changes: {
            stackName: changes.stackName,
            changeSetName: changes.changeSetName,
            rows: changes.changes.map((c) => ({
              action: cell(c.action),
              logicalId: cell(c.stack ? `${c.stack} / ${c.logicalId}` : c.logicalId),
              resourceType: cell(c.resourceType),
              replacement: cell(c.replacement || 'unknown'),
            })),
            securityChanges: changes.securityChanges,
            dataLossRisks: changes.dataLossRisks,
            fence: fenceFor(changes.templateDiff),
            templateDiff: changes.templateDiff.endsWith('\n') || !changes.templateDiff ? changes.templateDiff : `${changes.templateDiff}\n`,
          },
        }
      : {}),
  });
  return text.replace(/\n+$/, '\n');
}
