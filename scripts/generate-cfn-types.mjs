// Generates src/cfn/resource-types.generated.ts: TypeScript types for the properties of exactly
// the CloudFormation resource types ecs-arch emits, from the resource schemas that cfn-lint
// ships (its data/schemas, us-east-1). `resource()` is typed with them, so a misspelt property
// fails typecheck instead of cfn-lint in a slow test. `npm run generate` rewrites the file when
// cfn-lint is installed; the file is committed, so building never needs cfn-lint.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every type `resource()` is called with, and the nested stack resource the splitter writes. */
export const EMITTED_TYPES = [
  'AWS::ApplicationAutoScaling::ScalableTarget',
  'AWS::ApplicationAutoScaling::ScalingPolicy',
  'AWS::CloudFormation::Stack',
  'AWS::CloudWatch::Alarm',
  'AWS::DynamoDB::Table',
  'AWS::EC2::SecurityGroup',
  'AWS::ECS::Cluster',
  'AWS::ECS::Service',
  'AWS::ECS::TaskDefinition',
  'AWS::Events::Rule',
  'AWS::IAM::Role',
  'AWS::KMS::Key',
  'AWS::Logs::LogGroup',
  'AWS::S3::Bucket',
  'AWS::S3::BucketPolicy',
  'AWS::SNS::Subscription',
  'AWS::SNS::Topic',
  'AWS::SNS::TopicPolicy',
  'AWS::SQS::Queue',
  'AWS::SQS::QueuePolicy',
  'AWS::Scheduler::Schedule',
  'AWS::Scheduler::ScheduleGroup',
  'AWS::StepFunctions::StateMachine',
];

/** cfn-lint's schema folder: $CFN_LINT_SCHEMAS, or found through the Python that runs cfn-lint. */
export function cfnLintSchemas(env = process.env) {
  if (env.CFN_LINT_SCHEMAS) return env.CFN_LINT_SCHEMAS;
  try {
    const dir = execFileSync('python3', ['-c', 'import cfnlint, os; print(os.path.dirname(cfnlint.__file__))'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const schemas = join(dir, 'data', 'schemas');
    return existsSync(schemas) ? schemas : undefined;
  } catch {
    return undefined;
  }
}

const typeName = (type) => type.replace(/^AWS::/, '').replace(/::/g, '');
const quoteKey = (key) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key));

/** Schema node → TypeScript type text. Every leaf may also be an intrinsic function. */
function typeOf(node, refName, depth) {
  if (node.$ref) return refName(node.$ref);
  const types = Array.isArray(node.type) ? node.type : node.type ? [node.type] : [];
  if (!types.length && (node.oneOf || node.anyOf) && !node.properties) {
    return unique((node.oneOf ?? node.anyOf).map((branch) => typeOf(branch, refName, depth))).join(' | ');
  }
  const out = types.map((type) => {
    switch (type) {
      case 'string':
        return 'string';
      case 'integer':
      case 'number':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'array':
        return `Array<${node.items ? typeOf(node.items, refName, depth) : 'unknown'}>`;
      case 'object':
        return node.properties ? objectType(node, refName, depth) : 'object';
      default:
        return 'unknown';
    }
  });
  if (!out.length) return node.properties ? objectType(node, refName, depth) : 'unknown';
  return unique([...out, 'Intrinsic']).join(' | ');
}

const unique = (list) => [...new Set(list)];

function objectType(node, refName, depth, skip = new Set()) {
  const required = new Set(node.required ?? []);
  const pad = '  '.repeat(depth + 1);
  const fields = Object.entries(node.properties)
    .filter(([key]) => !skip.has(key))
    .map(([key, child]) => `${pad}${quoteKey(key)}${required.has(key) ? '' : '?'}: ${typeOf(child, refName, depth + 1)};`);
  return `{\n${fields.join('\n')}\n${'  '.repeat(depth)}}`;
}

/** The cfn-lint version whose schemas these are (its package sits above data/schemas). */
function cfnLintVersion(schemas) {
  const match = /__version__ = "([^"]+)"/.exec(readFileSync(join(schemas, '..', '..', 'version.py'), 'utf8'));
  return match ? match[1] : 'unknown';
}

/** The generated module's text, from the schema folder. */
export function generateCfnTypes(schemas) {
  const provider = readFileSync(join(schemas, 'providers', 'us_east_1.py'), 'utf8');
  const files = Object.fromEntries([...provider.matchAll(/"(AWS::[^"]+)": "([0-9a-f]+)"/g)].map((m) => [m[1], m[2]]));
  const blocks = [];
  for (const type of EMITTED_TYPES) {
    if (!files[type]) throw new Error(`cfn-lint has no schema for ${type}`);
    const schema = JSON.parse(readFileSync(join(schemas, 'resources', `${files[type]}.json`), 'utf8'));
    const base = typeName(type);
    const refName = (ref) => `${base}_${ref.replace('#/definitions/', '')}`;
    const readOnly = new Set((schema.readOnlyProperties ?? []).map((p) => p.replace('/properties/', '')).filter((p) => !p.includes('/')));
    blocks.push(`/** ${type} */\nexport type ${base} = ${objectType(schema, refName, 0, readOnly)};`);
    for (const [name, definition] of Object.entries(schema.definitions ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
      blocks.push(`export type ${base}_${name} = ${typeOf(definition, refName, 0)};`);
    }
  }
  return [
    `/* Generated from cfn-lint ${cfnLintVersion(schemas)}'s CloudFormation resource schemas by scripts/generate-cfn-types.mjs (npm run generate). Do not edit. */`,
    "import type { Intrinsic } from './intrinsics.js';",
    '',
    ...blocks.flatMap((block) => [block, '']),
    '/** Properties of each resource type ecs-arch emits. */',
    'export interface ResourceProperties {',
    ...EMITTED_TYPES.map((type) => `  ${JSON.stringify(type)}: ${typeName(type)};`),
    '}',
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const schemas = cfnLintSchemas();
  if (!schemas) {
    console.error('cfn-lint is not installed (pip install cfn-lint): src/cfn/resource-types.generated.ts left as it is.');
  } else {
    writeFileSync(new URL('../src/cfn/resource-types.generated.ts', import.meta.url), generateCfnTypes(schemas));
  }
}
