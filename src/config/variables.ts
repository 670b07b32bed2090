// Resolves ${...} variables (README "Variables") before validation. A variable that is the
// whole value keeps the type of what it names (`max: ${param:maxWorkers}` is a number);
// inside a longer string it is spliced in as text. ${self:} and ${param:} resolve
// recursively, and a cycle is reported with its chain.
import type { Diagnostic } from '../diagnostics.js';
import { didYouMean } from '../util/suggest.js';
import { joinPath, MAX_EXPANDED_NODES, MAX_FILE_BYTES, type SourceFile } from './load.js';
import { isRecord } from '../util/records.js';
import { DEFAULTS } from './defaults.generated.js';

/** Characters variables may produce in all: as much text as the largest file the loader reads. */
const MAX_EXPANDED_CHARACTERS = MAX_FILE_BYTES;


const SOURCES = ['param', 'env', 'self', 'ssm', 'stage', 'region'];
// `$${…}` is the escape for a literal `${…}`: matched here so it is neither resolved nor "unclosed".
const VARIABLE = /\$?\$\{([^{}]*)\}/g;

export interface ResolveOptions {
  source: SourceFile;
  /** --stage and --region from the command line. */
  stage?: string;
  region?: string;
  /** The region when neither --region nor the file gives one (environment, then profile; README "Regions"). */
  fallbackRegion?: string;
  /** --param key=value: override params for this run. */
  params?: Readonly<Record<string, string | number | boolean>>;
  env: Readonly<Record<string, string | undefined>>;
}

export interface Resolved {
  config: Record<string, unknown>;
  stage: string;
  /** Empty when no source gives a region (reported as an error). */
  region: string;
  /** The file's own region, when it has one. */
  fileRegion?: string;
  diagnostics: Diagnostic[];
  /** Paths left unresolved because of a reported problem. */
  failed: ReadonlySet<string>;
  /** Paths whose whole value was one variable. */
  wholeVariables: ReadonlySet<string>;
}

type Segment = string | number;


function child(value: unknown, segment: string): { found: boolean; value: unknown } {
  if (Array.isArray(value) && /^\d+$/.test(segment)) {
    const index = Number(segment);
    return index < value.length ? { found: true, value: value[index] } : { found: false, value: undefined };
  }
  if (isRecord(value) && Object.hasOwn(value, segment)) return { found: true, value: value[segment] };
  return { found: false, value: undefined };
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A parsed `${...}`: where it sits in its string, and what it asks for. */
interface Reference {
  text: string;
  index: number;
  source: string;
  argument: string;
  fallback?: { value: unknown };
}

function parseFallback(text: string): { value: unknown } {
  const trimmed = text.trim();
  const quoted = /^'(.*)'$|^"(.*)"$/s.exec(trimmed);
  if (quoted) return { value: quoted[1] ?? quoted[2] ?? '' };
  // Unquoted defaults stay text, like environment variables: the schema types both alike (coerce.ts).
  return { value: trimmed };
}

function parseReference(text: string, inner: string, index: number): Reference {
  const colon = inner.indexOf(':');
  const head = (colon < 0 ? inner : inner.slice(0, colon)).trim();
  let argument = colon < 0 ? '' : inner.slice(colon + 1).trim();
  let fallback: { value: unknown } | undefined;
  // ssm paths never have a fallback: a comma there is part of nothing we support.
  if (head !== 'ssm') {
    const comma = argument.search(/,(?=(?:[^'"]|'[^']*'|"[^"]*")*$)/);
    if (comma >= 0) {
      fallback = parseFallback(argument.slice(comma + 1));
      argument = argument.slice(0, comma).trim();
    }
  }
  return { text, index, source: head, argument, fallback };
}

/** Whether `${...}` text is ours; under `cloudformation` others are left for Fn::Sub. */
function isOurs(inner: string, path: readonly Segment[]): boolean {
  if (path[0] !== 'cloudformation') return true;
  const head = inner.split(':')[0]!.trim();
  return SOURCES.includes(head) && !inner.includes('::');
}

export class VariableResolver {
  readonly diagnostics: Diagnostic[] = [];
  /** Paths whose value could not be resolved: they keep their text, and validation ignores them. */
  readonly failed = new Set<string>();
  /** Paths whose whole value was one variable: coerce.ts gives them the type the schema expects. */
  readonly wholeVariables = new Set<string>();
  /** Values and characters variables have produced, against the loader's limits for aliases. */
  private expandedValues = 0;
  private expandedCharacters = 0;
  private overBudget = false;
  private readonly sizes = new WeakMap<object, number>();
  private readonly memo = new Map<string, unknown>();
  /** Paths being resolved, in order: a repeat is a cycle. */
  private readonly stack: string[] = [];
  private readonly source: SourceFile;
  private cachedStage?: string;
  private cachedRegion?: string;

  constructor(
    private readonly raw: Record<string, unknown>,
    private readonly options: ResolveOptions,
  ) {
    this.source = options.source;
  }

  get stage(): string {
    if (this.cachedStage === undefined) {
      const fromFile = this.options.stage === undefined ? this.resolvePath(['stage']) : undefined;
      this.cachedStage = this.options.stage ?? (typeof fromFile === 'string' && fromFile !== '' ? fromFile : DEFAULTS.stage);
    }
    return this.cachedStage;
  }

  /** The file's `region`, resolved (it may use variables); undefined when absent or empty. */
  get fileRegion(): string | undefined {
    if (!Object.hasOwn(this.raw, 'region')) return undefined;
    const value = this.resolvePath(['region']);
    return typeof value === 'string' && value !== '' ? value : undefined;
  }

  /** --region > the file's region > the fallback (environment, profile); '' when none. */
  get region(): string {
    this.cachedRegion ??= this.options.region ?? this.fileRegion ?? this.options.fallbackRegion ?? '';
    return this.cachedRegion;
  }

  resolveAll(): Resolved {
    const config: Record<string, unknown> = {};
    const keys = Object.keys(this.raw);
    if (Object.keys(this.options.params ?? {}).length && !keys.includes('params')) keys.push('params');
    for (const key of keys) {
      setOwn(config, key, key === 'params' ? this.resolveParams() : this.resolvePath([key]));
    }
    const fileRegion = this.fileRegion;
    return { config, stage: this.stage, region: this.region, ...(fileRegion ? { fileRegion } : {}), diagnostics: this.diagnostics, failed: this.failed, wholeVariables: this.wholeVariables };
  }

  /** Only the default and current stage's params: other stages may use variables that exist only when deploying them. */
  private resolveParams(): unknown {
    const overrides = this.options.params ?? {};
    const params = this.raw.params ?? (Object.keys(overrides).length ? {} : undefined);
    if (!isRecord(params)) return params;
    const result: Record<string, unknown> = {};
    for (const [stage, values] of Object.entries(params)) {
      setOwn(result, stage, stage === 'default' || stage === this.stage ? this.resolvePath(['params', stage]) : values);
    }
    // --param values belong to this run's stage, so print shows what the templates use.
    if (Object.keys(overrides).length) {
      const current = result[this.stage];
      setOwn(result, this.stage, { ...(isRecord(current) ? current : {}), ...overrides });
    }
    return result;
  }

  /** The resolved value at path (memoised); undefined when nothing is there. */
  private resolvePath(path: Segment[]): unknown {
    const key = joinPath(path);
    if (this.memo.has(key)) return this.memo.get(key);
    const located = this.rawAt(path);
    if (located.resolved) return located.value;
    const cycleStart = this.stack.indexOf(key);
    if (cycleStart >= 0) {
      const cycle = [...this.stack.slice(cycleStart), key].join(' → ');
      this.diagnostics.push(this.source.atValue(key, `${key}: variables refer to each other in a cycle: ${cycle}`));
      this.failed.add(key);
      return located.value;
    }
    this.stack.push(key);
    try {
      const value = this.resolveValue(located.value, path);
      this.memo.set(key, value);
      return value;
    } finally {
      this.stack.pop();
    }
  }

  /** Walks the raw tree; a variable on the way is resolved first (it may name a mapping). */
  private rawAt(path: Segment[]): { value: unknown; resolved: boolean } {
    let current: unknown = this.raw;
    for (let i = 0; i < path.length; i++) {
      const step = child(current, String(path[i]));
      if (!step.found) return { value: undefined, resolved: false };
      current = step.value;
      if (i < path.length - 1 && typeof current === 'string' && current.includes('${')) {
        current = this.resolvePath(path.slice(0, i + 1));
        for (const segment of path.slice(i + 1)) {
          const next = child(current, String(segment));
          if (!next.found) return { value: undefined, resolved: true };
          current = next.value;
        }
        return { value: current, resolved: true };
      }
    }
    return { value: current, resolved: false };
  }

  private resolveValue(value: unknown, path: Segment[]): unknown {
    if (typeof value === 'string') return value.includes('${') ? this.resolveString(value, path) : value;
    if (Array.isArray(value)) return value.map((_, index) => this.resolvePath([...path, index]));
    if (isRecord(value)) {
      const result: Record<string, unknown> = {};
      for (const key of Object.keys(value)) setOwn(result, key, this.resolvePath([...path, key]));
      return result;
    }
    return value;
  }

  private resolveString(text: string, path: Segment[]): unknown {
    const references: Reference[] = [];
    for (const match of text.matchAll(VARIABLE)) {
      if (match[0].startsWith('$$')) references.push({ text: match[0], index: match.index, source: '$', argument: '' });
      else if (isOurs(match[1]!, path)) references.push(parseReference(match[0], match[1]!, match.index));
    }
    const failed = (): string => {
      this.failed.add(joinPath(path));
      return text;
    };
    if (path[0] !== 'cloudformation') {
      const unclosed = text.replace(VARIABLE, (m) => ' '.repeat(m.length)).indexOf('${');
      if (unclosed >= 0) {
        this.report(text, path, text.slice(unclosed), unclosed, '"${" is never closed with "}"');
        return failed();
      }
    }
    if (references.length === 0) return text;
    const resolved: unknown[] = [];
    for (const reference of references) {
      const outcome = reference.source === '$' ? { ok: true as const, value: reference.text.slice(1) } : this.lookup(reference, text, path);
      if (!outcome.ok) return failed();
      resolved.push(outcome.value);
    }
    if (references.length === 1 && references[0]!.text === text) {
      if (!this.spend(resolved[0], text, path, references[0]!)) return failed();
      if (references[0]!.source !== '$') this.wholeVariables.add(joinPath(path));
      return resolved[0];
    }
    let result = '';
    let last = 0;
    for (const [i, reference] of references.entries()) {
      const value = resolved[i];
      if (value !== null && typeof value === 'object') {
        const kind = Array.isArray(value) ? 'list' : 'mapping';
        this.report(text, path, reference.text, reference.index, `${reference.text} is a ${kind}; a ${kind} can only be a whole value, not part of a string`);
        return failed();
      }
      result += text.slice(last, reference.index) + String(value);
      last = reference.index + reference.text.length;
    }
    result += text.slice(last);
    return this.spend(result, text, path, references[0]!) ? result : failed();
  }

  /** Values in a resolved value, counting a shared part once per place it appears. */
  private size(value: unknown): number {
    if (value === null || typeof value !== 'object') return 1;
    const known = this.sizes.get(value);
    if (known !== undefined) return known;
    const items = Array.isArray(value) ? value : Object.values(value);
    const size = items.reduce<number>((total, item) => total + this.size(item), 1);
    this.sizes.set(value, size);
    return size;
  }

  /**
   * Counts what a variable produced against the limits the loader puts on aliases: `${self:}`
   * fan-out and doubled `${param:}` strings grow exponentially without ever being an alias.
   */
  private spend(value: unknown, text: string, path: Segment[], reference: Reference): boolean {
    if (this.overBudget) return false;
    if (typeof value === 'string') this.expandedCharacters += value.length;
    else this.expandedValues += this.size(value);
    const over =
      this.expandedValues > MAX_EXPANDED_NODES
        ? `variables expand to more than ${MAX_EXPANDED_NODES} values`
        : this.expandedCharacters > MAX_EXPANDED_CHARACTERS
          ? `variables expand to more than ${MAX_EXPANDED_CHARACTERS} characters`
          : undefined;
    if (!over) return true;
    this.overBudget = true;
    this.report(text, path, reference.text, reference.index, `${over}; refusing a possible expansion bomb (the same limit as for aliases)`);
    return false;
  }

  private lookup(reference: Reference, text: string, path: Segment[]): { ok: true; value: unknown } | { ok: false } {
    const { source, argument, fallback } = reference;
    const fail = (message: string): { ok: false } => {
      this.report(text, path, reference.text, reference.index, message);
      return { ok: false };
    };
    const found = (target: Segment[]): { ok: true; value: unknown } | { ok: false } => {
      const value = this.resolvePath(target);
      // The target's own problem is already reported.
      return this.failed.has(joinPath(target)) ? { ok: false } : { ok: true, value };
    };
    switch (source) {
      case 'stage':
      case 'region':
        if (argument || reference.fallback) return fail(`\${${source}} takes no argument; write \${${source}}`);
        return { ok: true, value: source === 'stage' ? this.stage : this.region };
      case 'ssm':
        if (!argument) return fail('${ssm:} needs a parameter name, e.g. ${ssm:/my-app/vpc-id}');
        return { ok: true, value: `{{resolve:ssm:${argument}}}` };
      case 'env': {
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(argument)) return fail(`"${argument}" is not an environment variable name`);
        const value = this.options.env[argument];
        if (value !== undefined) return { ok: true, value };
        if (fallback) return { ok: true, value: fallback.value };
        return fail(`environment variable ${argument} is not set (set it, or give a default: \${env:${argument}, 'value'})`);
      }
      case 'param': {
        if (this.options.params && Object.hasOwn(this.options.params, argument)) return { ok: true, value: this.options.params[argument] };
        const params = isRecord(this.raw.params) ? this.raw.params : {};
        const groups = [this.stage, 'default'];
        const group = groups.find((g) => isRecord(params[g]) && Object.hasOwn(params[g], argument));
        if (group !== undefined) return found(['params', group, argument]);
        if (fallback) return { ok: true, value: fallback.value };
        const known = groups.flatMap((g) => (isRecord(params[g]) ? Object.keys(params[g]) : []));
        return fail(`unknown param "${argument}" for stage ${this.stage} (declare it under params.default or params.${this.stage}).${didYouMean(argument, known)}`);
      }
      case 'self': {
        if (!argument) return fail('${self:} needs a path, e.g. ${self:name}');
        const target = argument.replace(/\[(\d+)\]/g, '.$1').split('.').filter((s) => s !== '');
        if (this.rawAt(target).value !== undefined) return found(target);
        if (fallback) return { ok: true, value: fallback.value };
        return fail(this.missingSelf(target));
      }
      default:
        return fail(
          `unknown variable source "${source}" in ${reference.text}.${didYouMean(source, SOURCES)} ` +
            'Known: ${param:NAME}, ${env:NAME}, ${self:path}, ${ssm:/path}, ${stage}, ${region}',
        );
    }
  }

  private missingSelf(target: string[]): string {
    let current: unknown = this.raw;
    let depth = 0;
    for (; depth < target.length; depth++) {
      const step = child(current, target[depth]!);
      if (!step.found) break;
      current = step.value;
    }
    const missing = target[depth] ?? '';
    const known = isRecord(current) ? Object.keys(current) : [];
    const where = depth === 0 ? 'the file' : target.slice(0, depth).join('.');
    return `\${self:${target.join('.')}}: ${where} has no "${missing}".${didYouMean(missing, known)}`;
  }

  /** Records a diagnostic at the variable's own text inside the value when it can be found. */
  private report(text: string, path: Segment[], needle: string, index: number, message: string): void {
    const key = joinPath(path);
    const [start, end] = this.source.valueRange(key);
    const raw = this.source.has(key) ? this.source.text.slice(start, end) : '';
    // The nth occurrence in the source is the nth in the value for plain and simply quoted strings.
    const occurrence = text.slice(0, index).split(needle).length - 1;
    let offset = -1;
    for (let i = 0, from = 0; i <= occurrence; i++) {
      offset = raw.indexOf(needle, from);
      if (offset < 0) break;
      from = offset + needle.length;
    }
    this.diagnostics.push(this.source.diagnostic(offset >= 0 ? start + offset : start, key, key ? `${key}: ${message}` : message));
  }
}

export function resolveVariables(raw: Record<string, unknown>, options: ResolveOptions): Resolved {
  return new VariableResolver(raw, options).resolveAll();
}
