// From a path in a generated template back to the ecs-arch.yml line that produced it:
// resource → Metadata.EcsArch.Source (or the compile result's source map) → project.locate().
import { resourceSource } from '../cfn/template.js';
import type { CompileResult } from '../compile/types.js';
import type { LintFinding, TemplateFinding } from './types.js';

function sourceOf(result: CompileResult, templateName: string, logicalId: string): string {
  const template = result.templates.find((t) => t.fileName === templateName)?.template;
  const source = resourceSource(template?.Resources[logicalId]);
  if (source) return source;
  // Escape-hatch resources carry no metadata; the compile result knows where they came from.
  if (result.sources[logicalId]) return result.sources[logicalId];
  // Added by a patch, or unknown: the escape hatch is the only place it can come from.
  return 'cloudformation';
}

/** The config path a template path belongs to, and the logical ID when it is a resource. */
export function configPathOf(result: CompileResult, finding: Pick<TemplateFinding, 'template' | 'path'>): { source: string; resource?: string } {
  const [section, name] = finding.path;
  if (section === 'Resources' && typeof name === 'string') {
    const source = sourceOf(result, finding.template, name);
    // Escape-hatch resources are written in ecs-arch.yml as they appear in the template: point at the property itself.
    const inside = source === `cloudformation.resources.${name}` ? finding.path.slice(2).map(String) : [];
    return { source: [source, ...inside].join('.'), resource: name };
  }
  if (section === 'Outputs' && typeof name === 'string') return { source: `cloudformation.outputs.${name}` };
  return { source: '' };
}

export function mapFinding(result: CompileResult, finding: TemplateFinding): LintFinding {
  const { source, resource } = configPathOf(result, finding);
  const { file, line, col } = result.project.locate(source);
  return {
    file,
    line,
    col,
    rule: finding.rule,
    level: finding.level,
    message: finding.message,
    ...(resource ? { resource } : {}),
    template: finding.template,
    source,
    tool: finding.tool,
  };
}

const LEVEL_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Report order: by position in ecs-arch.yml, then rule, resource and message. */
export function sortFindings(findings: readonly LintFinding[]): LintFinding[] {
  return [...findings].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.col - b.col ||
      LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
      a.rule.localeCompare(b.rule) ||
      (a.resource ?? '').localeCompare(b.resource ?? '') ||
      a.message.localeCompare(b.message),
  );
}

/** `ecs-arch.yml:12:5: [E3002] message (Resource X)`; warnings and notes say so, like validate's output. */
export function formatFinding(f: LintFinding): string {
  const level = f.level === 'error' ? '' : f.level === 'warning' ? 'warning: ' : 'info: ';
  return `${f.file}:${f.line}:${f.col}: ${level}[${f.rule}] ${f.message}${f.resource ? ` (Resource ${f.resource})` : ''}`;
}
