// The architecture as a graph: sources (buckets, schedules, queues) → tasks and services →
// what they access (tables, buckets, queues, topics); alerts → topic → email subscribers.
// Built from the model (the config with defaults), so it needs no compile. Deterministic:
// nodes and edges in a fixed order, ids derived from names.
import { kindOf, serviceOf } from '../compile/triggers/registry.js';
import type { Model, ModelTask } from '../model/index.js';

export type NodeKind = 'bucket' | 'table' | 'queue' | 'topic' | 'schedule' | 'event' | 'task' | 'service' | 'alerts' | 'email';

export interface GraphNode {
  id: string;
  kind: NodeKind;
  /** First line says what it is, the rest which one. */
  lines: string[];
}

export interface GraphEdge {
  from: string;
  to: string;
  label?: string;
  /** Watches rather than drives (tasks → alerts). */
  dashed?: boolean;
}

export interface Graph {
  title: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** Names are [a-z][a-z0-9-]*: "-" → "_" keeps ids unique and valid in Mermaid and DOT. */
export const nodeId = (kind: string, name: string): string => `${kind}_${name.replace(/[^a-zA-Z0-9]/g, '_')}`;

const byName = <T extends { name: string }>(items: readonly T[]): T[] => [...items].sort((a, b) => a.name.localeCompare(b.name));
const sortedEntries = <V>(record: Record<string, V>): [string, V][] => Object.entries(record).sort(([a], [b]) => a.localeCompare(b));

function taskNode(task: ModelTask): GraphNode {
  const size = `${task.cpu} CPU, ${task.memory} MiB${task.spot ? ', spot' : ''}`;
  const service = serviceOf(task);
  if (service) return { id: nodeId('task', task.name), kind: 'service', lines: ['ECS service', task.name, `${size}, ${service.capacity}`] };
  return { id: nodeId('task', task.name), kind: 'task', lines: ['ECS task', task.name, size] };
}

export function buildGraph(model: Model): Graph {
  const tasks = byName(model.tasks);
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];

  for (const bucket of byName(model.buckets)) {
    nodes.push({ id: nodeId('bucket', bucket.name), kind: 'bucket', lines: ['S3 bucket', bucket.existing ? `${bucket.name} (${bucket.existing})` : bucket.name] });
  }
  for (const queue of byName(model.queues)) nodes.push({ id: nodeId('queue', queue.name), kind: 'queue', lines: ['SQS queue', queue.name] });
  // Each trigger kind says where its edge starts: a bucket or queue above, or a node of its own.
  const triggerGraphs = new Map(tasks.map((task) => [task.name, task.triggers.map((trigger, index) => kindOf(trigger).graph(task, trigger, index))]));
  for (const task of tasks) {
    for (const { from } of triggerGraphs.get(task.name)!) {
      if (from.lines) nodes.push({ id: nodeId(from.kind, from.name), kind: from.kind, lines: from.lines });
    }
  }
  for (const task of tasks) nodes.push(taskNode(task));
  for (const table of byName(model.tables)) nodes.push({ id: nodeId('table', table.name), kind: 'table', lines: ['DynamoDB table', table.name] });
  for (const topic of byName(model.topics)) nodes.push({ id: nodeId('topic', topic.name), kind: 'topic', lines: ['SNS topic', topic.name] });

  for (const task of tasks) {
    const to = nodeId('task', task.name);
    for (const { from, label } of triggerGraphs.get(task.name)!) edges.push({ from: nodeId(from.kind, from.name), to, ...(label ? { label } : {}) });
    const { access } = task;
    for (const [name, level] of sortedEntries(access.tables)) edges.push({ from: to, to: nodeId('table', name), label: level });
    for (const [name, level] of sortedEntries(access.buckets)) edges.push({ from: to, to: nodeId('bucket', name), label: level });
    for (const [name, level] of sortedEntries(access.queues)) edges.push({ from: to, to: nodeId('queue', name), label: level });
    for (const [name, level] of sortedEntries(access.topics)) edges.push({ from: to, to: nodeId('topic', name), label: level });
  }

  const { alerts } = model;
  if (alerts) {
    nodes.push({ id: 'alerts', kind: 'alerts', lines: ['alerts', alerts.on.join(', ')] });
    for (const task of [...alerts.tasks].sort()) edges.push({ from: nodeId('task', task), to: 'alerts', dashed: true });
    if ('name' in alerts.topic) edges.push({ from: 'alerts', to: nodeId('topic', alerts.topic.name), label: 'publish' });
    else {
      nodes.push({ id: 'topic_external', kind: 'topic', lines: ['SNS topic', alerts.topic.arn] });
      edges.push({ from: 'alerts', to: 'topic_external', label: 'publish' });
    }
  }
  for (const topic of byName(model.topics)) {
    topic.email.forEach((address, index) => {
      const id = nodeId('email', `${topic.name}_${index}`);
      nodes.push({ id, kind: 'email', lines: ['email', address] });
      edges.push({ from: nodeId('topic', topic.name), to: id });
    });
  }
  return { title: model.stackName, nodes, edges };
}

export { renderDot, renderMermaid } from './render.js';
