// What a deployed stage is made of, for the commands that operate it (logs, run, status,
// remove --delete-data): every resource of the stack and of its nested stacks by logical ID,
// with the deployed template of the stack it lives in. Logical IDs come from the compiler's
// Names, so these commands find a task's log group or a trigger's rule the way compile named it.
import type { Aws } from '../aws/clients.js';
import { buildModel, type Model } from '../model/index.js';
import { Names } from '../compile/names.js';
import type { LoadedProject } from '../config/index.js';
import { didYouMean } from '../util/suggest.js';
import { describeStack, getDeployedTemplate, listStackResources, NESTED_STACK, type DeployedTemplate, type StackResource, type StackState } from '../deploy/stack.js';

/** A resource of the stage: in the root stack or one of its nested stacks. */
export type DeployedResource = StackResource;

export interface DeployedStage {
  stack: StackState;
  model: Model;
  names: Names;
  /** Logical IDs are unique across the root and its nested stacks (the splitter keeps them). */
  resources: Map<string, DeployedResource>;
  /** Deployed template of each stack (root and nested), by stack ID. */
  templates: Map<string, DeployedTemplate>;
  /** Each stack's parameter values, by stack ID (nested stacks receive references this way). */
  parameters: Map<string, Record<string, string>>;
}


async function stackParameters(aws: Aws, stackId: string): Promise<Record<string, string>> {
  const stack = (await aws.cfn.send(new aws.sdk.DescribeStacksCommand({ StackName: stackId }))).Stacks?.[0];
  return Object.fromEntries((stack?.Parameters ?? []).map((p) => [p.ParameterKey ?? '', p.ResolvedValue ?? p.ParameterValue ?? '']));
}

/** The deployed stage, or null when its stack does not exist. Nested stacks are read in parallel. */
export async function readDeployedStage(aws: Aws, project: LoadedProject, stackName: string): Promise<DeployedStage | null> {
  const stack = await describeStack(aws, stackName);
  if (!stack) return null;
  const model = buildModel(project);
  const resources = new Map<string, DeployedResource>();
  const templates = new Map<string, DeployedTemplate>();
  const parameters = new Map<string, Record<string, string>>();
  const visit = async (stackId: string, nested: boolean): Promise<void> => {
    const [list, template, params] = await Promise.all([listStackResources(aws, stackId), getDeployedTemplate(aws, stackId), nested ? stackParameters(aws, stackId) : Promise.resolve({})]);
    templates.set(stackId, template);
    parameters.set(stackId, params);
    for (const resource of list) resources.set(resource.logicalId, resource);
    await Promise.all(list.filter((r) => r.type === NESTED_STACK).map((r) => visit(r.physicalId, true)));
  };
  await visit(stack.id, false);
  return { stack, model, names: new Names(model), resources, templates, parameters };
}

/** A resource's properties as deployed (from its stack's template). */
export function deployedProperties(stage: DeployedStage, logicalId: string): Record<string, unknown> | undefined {
  const resource = stage.resources.get(logicalId);
  if (!resource) return undefined;
  const template = stage.templates.get(resource.stackId) as { Resources?: Record<string, { Properties?: Record<string, unknown> }> } | undefined;
  return template?.Resources?.[logicalId]?.Properties;
}

/** "did you mean" over the tasks of the configuration; the error names them all. */
export function unknownTaskError(name: string, known: string[]): string {
  return `no task "${name}" in this configuration (tasks: ${known.join(', ') || 'none'}).${didYouMean(name, known)}`;
}

/**
 * A template value with its intrinsics resolved against the deployed stage, as CloudFormation
 * resolved them when it created the resource: Ref (resources, parameters, pseudo parameters),
 * Fn::GetAtt of the IDs RunTask needs (cluster ARN, security group ID, task definition), Fn::Sub
 * and Fn::Join. `stackId` is the stack whose template holds the value.
 */
export function resolveValue(stage: DeployedStage, stackId: string, value: unknown, account: string): unknown {
  const region = stage.model.region;
  const pseudo: Record<string, string> = { 'AWS::Region': region, 'AWS::AccountId': account, 'AWS::Partition': partition(region), 'AWS::StackName': stage.stack.name, 'AWS::URLSuffix': 'amazonaws.com' };
  const ref = (name: string): unknown => {
    if (name in pseudo) return pseudo[name];
    const parameter = stage.parameters.get(stackId)?.[name];
    if (parameter !== undefined) return parameter;
    const resource = stage.resources.get(name);
    if (resource) return resource.physicalId;
    throw new Error(`cannot resolve Ref ${name} in the deployed stack ${stage.stack.name}`);
  };
  const getAtt = (logicalId: string, attribute: string): unknown => {
    const resource = stage.resources.get(logicalId);
    if (!resource) throw new Error(`cannot resolve Fn::GetAtt ${logicalId}.${attribute} in the deployed stack ${stage.stack.name}`);
    if (resource.type === 'AWS::IAM::Role' && attribute === 'Arn') return `arn:${partition(region)}:iam::${account}:role/${resource.physicalId}`;
    if (resource.type === 'AWS::SQS::Queue' && attribute === 'Arn') return `arn:${partition(region)}:sqs:${region}:${account}:${resource.physicalId.split('/').pop()}`;
    // Clusters (Arn), security groups (GroupId), task definitions: RunTask accepts the physical ID.
    return resource.physicalId;
  };
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!node || typeof node !== 'object') return node;
    const entries = Object.entries(node);
    if (entries.length === 1) {
      const [key, arg] = entries[0]!;
      if (key === 'Ref') return ref(arg as string);
      if (key === 'Fn::GetAtt') {
        const [id, attribute] = Array.isArray(arg) ? (arg as string[]) : (arg as string).split('.');
        return getAtt(id!, attribute!);
      }
      if (key === 'Fn::Join') {
        const [separator, list] = arg as [string, unknown[]];
        return (walk(list) as unknown[]).join(separator);
      }
      if (key === 'Fn::Sub') {
        const [text, variables] = typeof arg === 'string' ? [arg, {}] : (arg as [string, Record<string, unknown>]);
        const values = walk(variables) as Record<string, unknown>;
        return text.replace(/\$\{([^}!]+)\}/g, (_, name: string) => {
          if (name in values) return String(values[name]);
          if (name.includes('.')) return String(getAtt(name.slice(0, name.indexOf('.')), name.slice(name.indexOf('.') + 1)));
          return String(ref(name));
        });
      }
    }
    return Object.fromEntries(entries.map(([k, v]) => [k, walk(v)]));
  };
  return walk(value);
}

function partition(region: string): string {
  return region.startsWith('cn-') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : 'aws';
}
