// Graph → text: Mermaid flowchart (GitHub renders it in Markdown) or Graphviz DOT.
import type { Graph, NodeKind } from './index.js';

/** Mermaid's quoted labels: entity codes for the characters that would end or confuse them. */
const mermaidText = (text: string): string => text.replace(/#/g, '#35;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');

const MERMAID_SHAPES: Record<NodeKind, [string, string]> = {
  bucket: ['[(', ')]'],
  table: ['[(', ')]'],
  queue: ['[[', ']]'],
  topic: ['>', ']'],
  schedule: ['([', '])'],
  event: ['[/', '/]'],
  task: ['[', ']'],
  service: ['(', ')'],
  alerts: ['{{', '}}'],
  email: ['([', '])'],
};

export function renderMermaid(graph: Graph): string {
  const lines = ['flowchart LR'];
  for (const node of graph.nodes) {
    const [open, close] = MERMAID_SHAPES[node.kind];
    lines.push(`  ${node.id}${open}"${node.lines.map(mermaidText).join('<br/>')}"${close}`);
  }
  for (const edge of graph.edges) {
    const arrow = edge.dashed ? '-.->' : '-->';
    lines.push(`  ${edge.from} ${arrow}${edge.label ? `|"${mermaidText(edge.label)}"|` : ''} ${edge.to}`);
  }
  return `${lines.join('\n')}\n`;
}

const dotText = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

const DOT_SHAPES: Record<NodeKind, string> = {
  bucket: 'cylinder',
  table: 'cylinder',
  queue: 'box3d',
  topic: 'cds',
  schedule: 'oval',
  event: 'parallelogram',
  task: 'box',
  service: 'box',
  alerts: 'hexagon',
  email: 'oval',
};

export function renderDot(graph: Graph): string {
  const lines = [`digraph ${dotText(graph.title)} {`, '  rankdir=LR;', '  node [fontname="Helvetica"];', '  edge [fontname="Helvetica"];'];
  for (const node of graph.nodes) {
    const style = node.kind === 'service' ? ', style=rounded' : '';
    // Each line of a label is escaped on its own; "\n" between them is DOT's line break.
    const label = node.lines.map((l) => dotText(l).slice(1, -1)).join('\\n');
    lines.push(`  ${node.id} [label="${label}", shape=${DOT_SHAPES[node.kind]}${style}];`);
  }
  for (const edge of graph.edges) {
    const attributes = [...(edge.label ? [`label=${dotText(edge.label)}`] : []), ...(edge.dashed ? ['style=dashed'] : [])];
    lines.push(`  ${edge.from} -> ${edge.to}${attributes.length ? ` [${attributes.join(', ')}]` : ''};`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
