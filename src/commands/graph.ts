// `ecs-arch graph`: the architecture as a Mermaid flowchart (default) or Graphviz DOT.
import { buildGraph, renderDot, renderMermaid } from '../graph/index.js';
import { buildModel } from '../model/index.js';
import { didYouMean } from '../util/suggest.js';
import { loadFromContext } from './shared.js';
import { EXIT_INVALID, EXIT_OK, type CommandContext } from './types.js';

const RENDERERS = { mermaid: renderMermaid, dot: renderDot } as const;

export async function run(context: CommandContext): Promise<number> {
  const { io, global, options } = context;
  const format = (options.format as string | undefined) ?? 'mermaid';
  if (!Object.hasOwn(RENDERERS, format)) {
    io.stderr.write(`ecs-arch graph: --format must be mermaid or dot, not "${format}".${didYouMean(format, Object.keys(RENDERERS))}\n`);
    return EXIT_INVALID;
  }
  const project = await loadFromContext(context);
  if (typeof project === 'number') return project;
  const graph = buildGraph(buildModel(project));
  const text = RENDERERS[format as keyof typeof RENDERERS](graph);
  io.stdout.write(global.json ? `${JSON.stringify({ format, graph: text, nodes: graph.nodes, edges: graph.edges })}\n` : text);
  return EXIT_OK;
}
