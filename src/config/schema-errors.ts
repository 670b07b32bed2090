// Runs the precompiled schema validator and turns ajv's errors into plain sentences at
// the right place: unknown keys at the key (with "did you mean"), wrong values at the value.
// ajv reports every failed branch of an anyOf; only the branch the user meant is kept.
import { readFileSync } from 'node:fs';
import type { ErrorObject } from 'ajv';
import { TRIGGER_KIND_NAMES } from '../compile/triggers/registry.js';
import type { Diagnostic } from '../diagnostics.js';
import { didYouMean } from '../util/suggest.js';
import type { SourceFile } from './load.js';
import { validate as generatedValidate } from './schema-validator.generated.js';
import { packageFile } from '../util/package-file.js';

type SchemaValidator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
const validateSchema = generatedValidate as unknown as SchemaValidator;

type Schema = Record<string, unknown>;
let loadedSchema: Schema | undefined;

/** The full schema (with annotations): read when there are errors to explain, or values to type (coerce.ts). */
export function schema(): Schema {
  loadedSchema ??= JSON.parse(readFileSync(packageFile('schema/ecs-arch.schema.json'), 'utf8')) as Schema;
  return loadedSchema;
}

const PATTERN_MEANINGS: Record<string, string> = {
  '^[a-z][a-z0-9-]*$': 'must start with a lowercase letter and use only lowercase letters, digits and hyphens',
  '^[A-Za-z_][A-Za-z0-9_]*$': 'must use only letters, digits and underscores, and not start with a digit',
  '^(vpc-[0-9a-f]+|\\{\\{resolve:ssm:[^}]+\\}\\})$': 'must be a VPC id such as vpc-0123456789abcdef0 (or ${ssm:/path})',
  '^(subnet-[0-9a-f]+|\\{\\{resolve:ssm:[^}]+\\}\\})$': 'must be a subnet id such as subnet-0123456789abcdef0 (or ${ssm:/path})',
  '^(sg-[0-9a-f]+|\\{\\{resolve:ssm:[^}]+\\}\\})$': 'must be a security group id such as sg-0123456789abcdef0 (or ${ssm:/path})',
  '^[a-z]{2}(-[a-z]+)+-[0-9]+$': 'must be an AWS region such as us-east-1',
  '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$': 'must be an S3 bucket name: 3 to 63 lowercase letters, digits, dots and hyphens',
  '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$': 'must be an email address',
  '^(ssm:/?[A-Za-z0-9_.\\-]+(/[A-Za-z0-9_.\\-]+)*|secretsmanager:.+)$': 'must be ssm:/parameter-name (no empty path segments) or secretsmanager:<complete secret ARN>',
  '^[0-9]+(s|m|h|d)$': 'must be a duration such as 30s, 5m, 2h or 1d, or a number of seconds',
  '^(?!aws:)[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+$': 'must be a tag key (letters, digits, spaces and _ . : / = + - @) not starting with aws:',
  '^[A-Za-z0-9]+$': 'must be a CloudFormation logical ID: letters and digits only',
  '^([/.\\-_A-Za-z0-9]+|arn:aws[a-z-]*:events:[a-z0-9-]+:[0-9]{12}:event-bus/[/.\\-_A-Za-z0-9]+)$': 'must be an event bus name (letters, digits and / . - _) or an event bus ARN',
  '^\\$(\\.[A-Za-z0-9_-]+)+$': 'must be a JSON path into the event such as $.detail.orderId',
  '^(/.*)?$': 'must be a JSON Pointer such as /Resources/Queue/Properties',
  '^([A-Za-z0-9_-]{1,255}|arn:aws[-a-z]*:ecs:[a-z0-9-]+:[0-9]{12}:cluster/[A-Za-z0-9_-]{1,255})$':
    'must be a cluster name (letters, digits, - and _) or a cluster ARN such as arn:aws:ecs:us-east-1:123456789012:cluster/my-cluster',
  '^\\S+$': 'must not contain spaces or other whitespace',
  '^arn:aws[-a-z]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$': 'must be a KMS key ARN such as arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab (not an alias)',
  '^[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+(::[A-Za-z0-9]+)?$|^Custom::[A-Za-z0-9_@-]+$': 'must be a resource type such as AWS::SNS::Topic',
};

/** What an anyOf means when the value fits none of its branches' types. */
const ANY_OF_MEANINGS: Record<string, string> = {
  '#/$defs/duration/anyOf': 'expected a duration such as 30s, 5m, 2h or 1d, or a number of seconds',
  '#/$defs/keyAttribute/anyOf': 'expected an attribute name, or { name, type }',
};

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
  null: 'nothing',
};

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return `the string ${quote(value)}`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return String(value);
  return Array.isArray(value) ? 'a list' : 'a mapping';
}

function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

function show(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  return typeof value === 'number' || typeof value === 'boolean' ? String(value) : describe(value);
}

export function oneOf(items: readonly unknown[], conjunction = 'or'): string {
  const shown = items.map((item) => String(item));
  return shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} ${conjunction} ${shown.at(-1)}`;
}

function segments(instancePath: string): string[] {
  return instancePath === '' ? [] : instancePath.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function valueAt(root: unknown, path: readonly string[]): unknown {
  let current = root;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function resolveRef(node: Schema): Schema {
  const ref = node.$ref;
  if (typeof ref !== 'string') return node;
  const name = ref.replace('#/$defs/', '');
  return ((schema().$defs as Record<string, Schema>)[name] ?? {}) as Schema;
}

/** The object schema describing the mapping at path, for listing its known keys. */
function objectSchemaAt(path: readonly string[]): Schema | undefined {
  let node: Schema | undefined = schema();
  for (const segment of path) {
    if (!node) return undefined;
    node = resolveRef(node);
    const properties = node.properties as Record<string, Schema> | undefined;
    if (properties && Object.hasOwn(properties, segment)) node = properties[segment];
    else if (node.items && typeof node.items === 'object') node = node.items as Schema;
    else if (node.additionalProperties && typeof node.additionalProperties === 'object') node = node.additionalProperties as Schema;
    else return undefined;
  }
  if (!node) return undefined;
  node = resolveRef(node);
  const branches = node.anyOf as Schema[] | undefined;
  return branches ? branches.map(resolveRef).find((b) => b.type === 'object') : node;
}

/** Keeps the anyOf branch the user meant (the one whose type fits); otherwise one plain error. */
function collapseAnyOf(errors: ErrorObject[]): ErrorObject[] {
  let remaining = errors;
  for (const anyOf of errors.filter((e) => e.keyword === 'anyOf')) {
    const prefix = `${anyOf.schemaPath}/`;
    const inBranch = (e: ErrorObject): boolean => e.schemaPath.startsWith(prefix) && e.instancePath.startsWith(anyOf.instancePath);
    const branches = new Map<string, ErrorObject[]>();
    for (const error of remaining.filter(inBranch)) {
      const branch = error.schemaPath.slice(prefix.length).split('/')[0]!;
      branches.set(branch, [...(branches.get(branch) ?? []), error]);
    }
    const fitting = [...branches.values()].filter(
      (branch) => !branch.some((e) => e.keyword === 'type' && e.instancePath === anyOf.instancePath),
    );
    const kept = fitting.sort((a, b) => a.length - b.length)[0];
    const types = [...branches.values()].flatMap((branch) =>
      branch.filter((e) => e.keyword === 'type').map((e) => String(e.params.type)),
    );
    remaining = remaining.filter((e) => e !== anyOf && !inBranch(e));
    remaining.push(...(kept ?? [{ ...anyOf, keyword: 'anyOfType', params: { types } }]));
  }
  return remaining;
}

/** One ajv error as a diagnostic, or undefined for noise another error already explains. */
function toDiagnostic(error: ErrorObject, config: unknown, source: SourceFile): Diagnostic | undefined {
  const path = segments(error.instancePath);
  const dotted = path.join('.');
  const value = valueAt(config, path);
  const at = (message: string): Diagnostic => source.atValue(dotted, dotted ? `${dotted}: ${message}` : message);
  const params = error.params as Record<string, unknown>;
  const propertyName = (error as ErrorObject & { propertyName?: string }).propertyName;

  if (propertyName !== undefined) {
    const keyPath = [...path, propertyName].join('.');
    const reason =
      error.keyword === 'pattern'
        ? (PATTERN_MEANINGS[String(params.pattern)] ?? `must match ${String(params.pattern)}`)
        : error.keyword === 'maxLength'
          ? `must be at most ${String(params.limit)} characters`
          : error.keyword === 'minLength'
            ? 'must not be empty'
            : (error.message ?? 'is not allowed');
    return source.atKey(keyPath, `${dotted}: ${quote(propertyName)} is not a valid name: it ${reason}`);
  }

  switch (error.keyword) {
    case 'propertyNames':
      return undefined;
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = Object.keys((objectSchemaAt(path)?.properties as Record<string, unknown> | undefined) ?? {});
      const where = dotted ? ` in ${dotted}` : ' at the top level';
      return source.atKey([...path, key].join('.'), `unknown key ${quote(key)}${where}.${didYouMean(key, known)}`);
    }
    case 'required': {
      const key = String(params.missingProperty);
      return source.atKey(dotted, dotted ? `${dotted}: missing required key ${quote(key)}` : `missing required key ${quote(key)}`);
    }
    case 'type': {
      const expected = String(params.type).split(',').map((t) => TYPE_NAMES[t] ?? t);
      return at(`expected ${oneOf(expected)}, got ${describe(value)}`);
    }
    case 'anyOfType': {
      const meaning = ANY_OF_MEANINGS[error.schemaPath];
      const types = [...new Set((params.types as string[]).map((t) => TYPE_NAMES[t] ?? t))];
      return at(`${meaning ?? `expected ${oneOf(types)}`}, got ${describe(value)}`);
    }
    case 'enum': {
      const allowed = params.allowedValues as unknown[];
      const suggestion = typeof value === 'string' ? didYouMean(value, allowed.map(String)) : '';
      return at(`${show(value)} is not one of ${oneOf(allowed)}.${suggestion}`.replace(/\.$/, ''));
    }
    case 'pattern':
      return at(`${show(value)} ${PATTERN_MEANINGS[String(params.pattern)] ?? `must match ${String(params.pattern)}`}`);
    case 'minLength':
      return at(params.limit === 1 ? 'must not be empty' : `must be at least ${String(params.limit)} characters`);
    case 'maxLength':
      return at(`${show(value)} is longer than ${String(params.limit)} characters`);
    case 'minimum':
      return at(`${show(value)} is less than the minimum, ${String(params.limit)}`);
    case 'maximum':
      return at(`${show(value)} is more than the maximum, ${String(params.limit)}`);
    case 'minItems':
      return at(`needs at least ${String(params.limit)} item${params.limit === 1 ? '' : 's'}`);
    case 'maxItems':
      return at(`has ${(value as unknown[]).length} items; at most ${String(params.limit)} are allowed`);
    case 'uniqueItems': {
      const duplicate = [...path, String(params.i)].join('.');
      const item = (value as unknown[])[Number(params.i)];
      return source.atValue(duplicate, `${dotted}: ${show(item)} is listed more than once`);
    }
    case 'minProperties':
    case 'maxProperties':
      if (/^tasks\.[^.]+\.triggers\.\d+$/.test(dotted)) {
        const kinds = Object.keys((value as Record<string, unknown>) ?? {});
        const found = kinds.length ? ` (found ${oneOf(kinds.map((k) => quote(k)), 'and')})` : '';
        return source.atKey(dotted, `${dotted}: a trigger needs exactly one of ${oneOf(TRIGGER_KIND_NAMES)}${found}`);
      }
      return at(
        error.keyword === 'minProperties'
          ? `needs at least ${String(params.limit)} key(s)`
          : `has ${Object.keys(value as object).length} keys; at most ${String(params.limit)} are allowed`,
      );
    default:
      return at(error.message ?? `is not valid (${error.keyword})`);
  }
}

/** Schema diagnostics for a resolved config; paths in `ignore` (failed variables) stay silent. */
export function schemaDiagnostics(config: unknown, source: SourceFile, ignore: ReadonlySet<string> = new Set()): Diagnostic[] {
  if (validateSchema(config)) return [];
  let errors = collapseAnyOf(validateSchema.errors ?? []);
  // A value of the wrong type explains every other complaint about that same value.
  const mistyped = new Set(errors.filter((e) => e.keyword === 'type' || e.keyword === 'anyOfType').map((e) => e.instancePath));
  errors = errors.filter((e) => !mistyped.has(e.instancePath) || e.keyword === 'type' || e.keyword === 'anyOfType');
  const ignored = (path: string): boolean =>
    [...ignore].some((failed) => path === failed || path.startsWith(`${failed}.`));
  const seen = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  for (const error of errors) {
    const diagnostic = toDiagnostic(error, config, source);
    if (!diagnostic || ignored(diagnostic.path)) continue;
    const key = `${diagnostic.line}:${diagnostic.col}:${diagnostic.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    diagnostics.push(diagnostic);
  }
  return diagnostics;
}
