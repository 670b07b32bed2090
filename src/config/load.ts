// Reads ecs-arch.yml into plain values plus a map from every config path to its source
// range, so any later stage can point at `file:line:col`. Refuses what it cannot read
// safely: missing or huge files, duplicate keys, alias bombs, absurd nesting.
import { readFileSync, statSync } from 'node:fs';
import { Alias, isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import type { Diagnostic } from '../diagnostics.js';

export const MAX_FILE_BYTES = 1024 * 1024;
/** Values created while expanding aliases; a real config stays far below this. */
export const MAX_EXPANDED_NODES = 100_000;
export const MAX_DEPTH = 64;

/** Offsets into the source: [start, end). */
export type Range = readonly [number, number];

interface NodeRanges {
  key?: Range;
  value: Range;
}

/** CloudFormation short-form tags, allowed where raw CloudFormation goes. */
const CFN_TAGS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  ...Object.fromEntries(
    ['Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform',
      'And', 'Equals', 'If', 'Not', 'Or', 'ToJsonString', 'Length'].map((name) => [`!${name}`, `Fn::${name}`]),
  ),
};

/** Dotted config path ("tasks.thumbnail.triggers.0.s3") from its segments. */
export function joinPath(segments: readonly (string | number)[]): string {
  return segments.join('.');
}

/** The parsed file: its text, and where each config path sits in it. */
export class SourceFile {
  private readonly lines: LineCounter;
  constructor(
    readonly displayPath: string,
    readonly text: string,
    lines: LineCounter,
    private readonly ranges: Map<string, NodeRanges>,
  ) {
    this.lines = lines;
  }

  position(offset: number): { line: number; col: number } {
    const { line, col } = this.lines.linePos(offset);
    return { line, col };
  }

  has(path: string): boolean {
    return this.ranges.has(path);
  }

  /** Range of the value at path, or of its nearest recorded ancestor. */
  valueRange(path: string): Range {
    return this.nearest(path).value;
  }

  /** Range of the key naming path (the value's range for list items and the root). */
  keyRange(path: string): Range {
    const ranges = this.nearest(path);
    return ranges.key ?? ranges.value;
  }

  private nearest(path: string): NodeRanges {
    let current = path;
    for (;;) {
      const found = this.ranges.get(current);
      if (found) return found;
      if (current === '') return { value: [0, 0] };
      const dot = current.lastIndexOf('.');
      current = dot < 0 ? '' : current.slice(0, dot);
    }
  }

  diagnostic(offset: number, path: string, message: string, severity: Diagnostic['severity'] = 'error'): Diagnostic {
    return { file: this.displayPath, ...this.position(offset), path, message, severity };
  }

  /** A diagnostic at the value of path (wrong values). */
  atValue(path: string, message: string, severity: Diagnostic['severity'] = 'error'): Diagnostic {
    return this.diagnostic(this.valueRange(path)[0], path, message, severity);
  }

  /** A diagnostic at the key of path (unknown keys, missing children, whole items). */
  atKey(path: string, message: string, severity: Diagnostic['severity'] = 'error'): Diagnostic {
    return this.diagnostic(this.keyRange(path)[0], path, message, severity);
  }
}

export type ParseResult = { ok: true; value: Record<string, unknown>; source: SourceFile } | { ok: false; diagnostics: Diagnostic[] };

function fileDiagnostic(displayPath: string, message: string): Diagnostic {
  // The file itself is the problem: there is no line to point at.
  return { file: displayPath, line: 0, col: 0, path: '', message, severity: 'error' };
}

/** Reads and parses the file at absolutePath; messages name it as displayPath. */
export function readConfigFile(absolutePath: string, displayPath: string): ParseResult {
  let size: number;
  try {
    const stat = statSync(absolutePath);
    if (stat.isDirectory()) return { ok: false, diagnostics: [fileDiagnostic(displayPath, 'is a directory, not a configuration file')] };
    size = stat.size;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? 'file not found (pass -c FILE, or run "ecs-arch init" to create one)'
        : `cannot read the file (${code ?? String(error)})`;
    return { ok: false, diagnostics: [fileDiagnostic(displayPath, message)] };
  }
  if (size > MAX_FILE_BYTES) {
    return {
      ok: false,
      diagnostics: [fileDiagnostic(displayPath, `the file is ${(size / MAX_FILE_BYTES).toFixed(1)} MiB; configuration files are limited to 1 MiB`)],
    };
  }
  let text: string;
  try {
    text = readFileSync(absolutePath, 'utf8');
  } catch (error) {
    return { ok: false, diagnostics: [fileDiagnostic(displayPath, `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`)] };
  }
  return parseConfigText(text, displayPath);
}

function yamlErrorMessage(code: string, message: string, text: string, pos: readonly [number, number]): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return `duplicate key "${text.slice(pos[0]).split(/[:\n,}]/)[0]!.trim().replace(/^["']|["']$/g, '')}"`;
    case 'MULTIPLE_DOCS':
      return 'only one YAML document is allowed (remove the "---" separator and what follows)';
    default:
      // The library's first sentence is plain enough; drop its own position suffix.
      return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').replace(/^./, (c) => c.toLowerCase());
  }
}

/** Parses YAML text (exported for tests and for `init`). */
export function parseConfigText(text: string, displayPath: string): ParseResult {
  const lines = new LineCounter();
  const at = (offset: number, message: string): Diagnostic => ({
    file: displayPath,
    ...lines.linePos(offset),
    path: '',
    message,
    severity: 'error',
  });
  let document: Document.Parsed;
  try {
    document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, merge: false, keepSourceTokens: false });
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, diagnostics: [fileDiagnostic(displayPath, 'the file is nested too deeply to read')] };
    throw error;
  }
  if (document.errors.length) {
    // One mistake often yields several errors on its line; the first explains it.
    const lineOf = (offset: number): number => lines.linePos(offset).line;
    const firstPerLine = document.errors.filter((e, i, all) => all.findIndex((o) => lineOf(o.pos[0]) === lineOf(e.pos[0])) === i);
    return {
      ok: false,
      diagnostics: firstPerLine.map((e) => {
        const line = text.slice(text.lastIndexOf('\n', e.pos[0] - 1) + 1).split('\n')[0]!;
        // `{ max: ${param:x} }` is a YAML error: braces end flow mappings unless the value is quoted.
        const hint = /[{[]/.test(line) && line.includes('${') ? ' (inside { } or [ ], quote values that use ${…})' : '';
        return at(e.pos[0], `YAML: ${yamlErrorMessage(e.code, e.message, text, e.pos)}${hint}`);
      }),
    };
  }
  const root = document.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) {
    return { ok: false, diagnostics: [at(0, 'the file is empty; it needs at least a "name"')] };
  }
  if (!isMap(root)) {
    const found = isSeq(root) ? 'a list' : 'a single value';
    return { ok: false, diagnostics: [at(root.range?.[0] ?? 0, `the top level must be a mapping of keys (name, tasks, …), found ${found}`)] };
  }
  const builder = new TreeBuilder(document, lines, displayPath);
  const value = builder.build(root);
  if (builder.diagnostics.length) return { ok: false, diagnostics: builder.diagnostics };
  return { ok: true, value: value as Record<string, unknown>, source: new SourceFile(displayPath, text, lines, builder.ranges) };
}

class BuildStopped extends Error {}

/** Turns the YAML node tree into plain values, recording ranges by path. */
class TreeBuilder {
  readonly ranges = new Map<string, NodeRanges>();
  readonly diagnostics: Diagnostic[] = [];
  private expanded = 0;
  private readonly expanding: Node[] = [];

  constructor(
    private readonly document: Document.Parsed,
    private readonly lines: LineCounter,
    private readonly displayPath: string,
  ) {}

  build(root: Node): unknown {
    try {
      return this.node(root, [], undefined, 0, false);
    } catch (error) {
      if (error instanceof BuildStopped) return undefined;
      throw error;
    }
  }

  private fail(offset: number, path: (string | number)[], message: string): never {
    this.diagnostics.push({ file: this.displayPath, ...this.lines.linePos(offset), path: joinPath(path), message, severity: 'error' });
    throw new BuildStopped();
  }

  private error(offset: number, path: (string | number)[], message: string): void {
    this.diagnostics.push({ file: this.displayPath, ...this.lines.linePos(offset), path: joinPath(path), message, severity: 'error' });
  }

  private node(node: Node | null | undefined, path: (string | number)[], keyRange: Range | undefined, depth: number, viaAlias: boolean): unknown {
    if (node === null || node === undefined) return null;
    const start = node.range?.[0] ?? 0;
    if (depth > MAX_DEPTH) this.fail(start, path, `nested more than ${MAX_DEPTH} levels deep`);
    if (viaAlias && ++this.expanded > MAX_EXPANDED_NODES) {
      this.fail(start, path, `aliases expand to more than ${MAX_EXPANDED_NODES} values; refusing a possible alias bomb ("billion laughs")`);
    }
    const key = joinPath(path);
    if (!viaAlias || !this.ranges.has(key)) this.ranges.set(key, { key: keyRange, value: [start, node.range?.[1] ?? start] });

    if (isAlias(node)) return this.alias(node, path, depth);
    const value = this.plain(node, path, depth, viaAlias);
    const tag = node.tag;
    if (tag && !tag.startsWith('tag:yaml.org,2002:')) {
      const intrinsic = CFN_TAGS[tag];
      if (!intrinsic) {
        this.error(start, path, `unknown YAML tag "${tag}" (only CloudFormation short forms such as !Ref and !Sub are allowed, under cloudformation)`);
        return value;
      }
      if (path[0] !== 'cloudformation') {
        this.error(start, path, `"${tag}" is a CloudFormation function; it is allowed only under cloudformation`);
      }
      if (intrinsic === 'Fn::GetAtt' && typeof value === 'string') {
        const dot = value.indexOf('.');
        return { [intrinsic]: dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
      }
      return { [intrinsic]: value };
    }
    return value;
  }

  private alias(node: Alias, path: (string | number)[], depth: number): unknown {
    const target = node.resolve(this.document);
    const start = node.range?.[0] ?? 0;
    if (!target) this.fail(start, path, `alias "*${node.source}" refers to no anchor`);
    if (this.expanding.includes(target)) this.fail(start, path, `alias "*${node.source}" refers to a value that contains it`);
    this.expanding.push(target);
    try {
      return this.node(target, path, this.ranges.get(joinPath(path))?.key, depth + 1, true);
    } finally {
      this.expanding.pop();
    }
  }

  private plain(node: Node, path: (string | number)[], depth: number, viaAlias: boolean): unknown {
    if (isScalar(node)) {
      const value = node.value;
      // Binary, dates and the like have no meaning in this file: keep their text.
      if (value instanceof Uint8Array || value instanceof Date || typeof value === 'bigint') return node.source ?? String(value);
      return value ?? null;
    }
    if (isSeq(node)) {
      return node.items.map((item, index) => this.node(item as Node, [...path, index], undefined, depth + 1, viaAlias));
    }
    if (isMap(node)) {
      const result: Record<string, unknown> = {};
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const keyStart = keyNode?.range?.[0] ?? node.range?.[0] ?? 0;
        if (!isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === 'object') {
          this.error(keyStart, path, 'keys must be plain names, not lists, mappings or empty');
          continue;
        }
        const name = String(keyNode.value);
        const keyRange: Range = [keyStart, keyNode.range?.[1] ?? keyStart];
        // defineProperty: a key named "__proto__" stays an ordinary key.
        Object.defineProperty(result, name, {
          value: this.node(pair.value as Node | null, [...path, name], keyRange, depth + 1, viaAlias),
          enumerable: true,
          writable: true,
          configurable: true,
        });
        if (pair.value === null) this.ranges.set(joinPath([...path, name]), { key: keyRange, value: keyRange });
      }
      return result;
    }
    return null;
  }
}
