// Reads ecs-arch.yml into plain values plus a map from every config path to its source
// range, so any later stage can point at `file:line:col`. Refuses what it cannot read
// safely: missing or huge files, duplicate keys, alias bombs, absurd nesting.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
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

const YAML_TAG_PREFIX = 'tag:yaml.org,2002:';
/** The YAML 1.2 core schema's tags (`!!str 5`); anything else (`!!python/object`, `!!binary`) is refused. */
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((name) => YAML_TAG_PREFIX + name));

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
    private readonly written: ReadonlyMap<string, string> = new Map(),
  ) {
    this.lines = lines;
  }

  /** How a number or boolean at path was written (`1.10`, `0x10`), for places that want text. */
  writtenText(path: string): string | undefined {
    return this.written.get(path);
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

function errnoMessage(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT'
    ? 'file not found (pass -c FILE, or run "ecs-arch init" to create one)'
    : `cannot read the file (${code ?? String(error)})`;
}

const tooLarge = (size: number | undefined): string =>
  `the file is ${size === undefined ? 'over 1 MiB' : `${(size / MAX_FILE_BYTES).toFixed(1)} MiB`}; configuration files are limited to 1 MiB`;

/**
 * Reads at most MAX_FILE_BYTES + 1 bytes: the size `stat` reports means nothing for /dev/zero,
 * /proc files or a file that grows while we read. FIFOs and sockets are refused, since opening
 * or reading them waits for a writer.
 */
function readCapped(absolutePath: string): { ok: true; bytes: Buffer } | { ok: false; message: string } {
  let fd: number;
  try {
    // Opening a FIFO blocks until it has a writer: look before opening.
    const stat = statSync(absolutePath);
    if (stat.isDirectory()) return { ok: false, message: 'is a directory, not a configuration file' };
    if (stat.isFIFO() || stat.isSocket()) return { ok: false, message: 'is a pipe or socket, not a configuration file (pass a regular file)' };
    if (stat.isFile() && stat.size > MAX_FILE_BYTES) return { ok: false, message: tooLarge(stat.size) };
    fd = openSync(absolutePath, 'r');
  } catch (error) {
    return { ok: false, message: errnoMessage(error) };
  }
  try {
    const buffer = Buffer.alloc(MAX_FILE_BYTES + 1);
    let length = 0;
    for (;;) {
      const read = readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > MAX_FILE_BYTES) return { ok: false, message: tooLarge(undefined) };
    }
    return { ok: true, bytes: buffer.subarray(0, length) };
  } catch (error) {
    return { ok: false, message: errnoMessage(error) };
  } finally {
    closeSync(fd);
  }
}

/** The encoding a file's first bytes announce (YAML 1.2 §5.2), when it is not UTF-8. */
function foreignEncoding(bytes: Buffer): string | undefined {
  const [a, b, c, d] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (a === 0 && b === 0 && ((c === 0xfe && d === 0xff) || (c === 0 && d !== undefined && d !== 0))) return 'UTF-32BE';
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return 'UTF-32LE';
  if (a !== undefined && a !== 0 && b === 0 && c === 0 && d === 0) return 'UTF-32LE';
  if ((a === 0xfe && b === 0xff) || (a === 0 && b !== undefined && b !== 0)) return 'UTF-16BE';
  if ((a === 0xff && b === 0xfe) || (a !== undefined && a !== 0 && b === 0)) return 'UTF-16LE';
  return undefined;
}

/** Text as UTF-8, or why it is not: the bytes are never echoed, only where the first bad one is. */
function decodeText(bytes: Buffer): { ok: true; text: string } | { ok: false; message: string } {
  const encoding = foreignEncoding(bytes);
  if (encoding) {
    return { ok: false, message: `the file is not UTF-8 (it looks like ${encoding}); save it as UTF-8, e.g. iconv -f ${encoding} -t UTF-8` };
  }
  const where = (offset: number): string => {
    const before = bytes.subarray(0, offset);
    const line = before.filter((byte) => byte === 0x0a).length + 1;
    return `line ${line}, byte ${offset - (before.lastIndexOf(0x0a) + 1) + 1}`;
  };
  // Control characters other than tab, newline and carriage return mark binary content.
  const control = bytes.findIndex((byte) => byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d);
  if (control >= 0) return { ok: false, message: `the file is not UTF-8 text: it has a control character (byte 0x${bytes[control]!.toString(16).padStart(2, '0')}) at ${where(control)}` };
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    return { ok: true, text };
  } catch {
    // The first offset where a strict decode fails: decode growing prefixes by halving.
    let low = 0;
    let high = bytes.length;
    while (high - low > 1) {
      const middle = (low + high) >> 1;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, middle), { stream: true });
        low = middle;
      } catch {
        high = middle;
      }
    }
    // A sequence that turns invalid at a continuation byte starts at its lead byte.
    let first = low;
    for (let back = 1; back <= 3 && low - back >= 0 && bytes[low - back]! >= 0x80; back++) {
      if (bytes[low - back]! >= 0xc0) first = low - back;
    }
    return { ok: false, message: `the file is not UTF-8 text: it has bytes that are not valid UTF-8 at ${where(first)}` };
  }
}

/** Reads and parses the file at absolutePath; messages name it as displayPath. */
export function readConfigFile(absolutePath: string, displayPath: string): ParseResult {
  const read = readCapped(absolutePath);
  if (!read.ok) return { ok: false, diagnostics: [fileDiagnostic(displayPath, read.message)] };
  const decoded = decodeText(read.bytes);
  if (!decoded.ok) return { ok: false, diagnostics: [fileDiagnostic(displayPath, decoded.message)] };
  return parseConfigText(decoded.text, displayPath);
}

function yamlErrorMessage(code: string, message: string): string {
  switch (code) {
    case 'MULTIPLE_DOCS':
      return 'only one YAML document is allowed (remove the "---" separator and what follows)';
    default:
      // The library's first sentence is plain enough; drop its own position suffix.
      return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').replace(/^./, (c) => c.toLowerCase());
  }
}

/**
 * A light pass over the text for what the YAML library reports badly: where nesting first
 * goes past MAX_DEPTH (the library overflows its stack long after), and the opening quote or
 * bracket that is never closed (the library reports the end of the file). It follows quotes,
 * comments, flow brackets, block indentation and block scalars; it runs only on error paths.
 */
export function scanStructure(text: string): { tooDeep?: number; unclosed?: { offset: number; char: string } } {
  const indents: number[] = [];
  const flow: number[] = [];
  let blockScalarIndent: number | undefined;
  let pos = 0;
  while (pos < text.length) {
    let lineEnd = text.indexOf('\n', pos);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(pos, lineEnd);
    const indent = line.length - line.trimStart().length;
    const content = line.trim();
    if (blockScalarIndent !== undefined) {
      if (content === '' || indent > blockScalarIndent) {
        pos = lineEnd + 1;
        continue;
      }
      blockScalarIndent = undefined;
    }
    if (content === '' || content.startsWith('#')) {
      pos = lineEnd + 1;
      continue;
    }
    let i = pos + indent;
    // What came before i on this line: the last non-blank character, and the first of the last word.
    let last = '';
    let wordStart = '';
    if (flow.length === 0) {
      while (indents.length && indents.at(-1)! >= indent) indents.pop();
      indents.push(indent);
      // "- - - x": each sequence indicator on the line opens one more level.
      while (text[i] === '-' && (text[i + 1] === ' ' || i + 1 === lineEnd)) {
        // The root mapping's own level counts as depth 0, as in TreeBuilder.
        if (indents.length > MAX_DEPTH) return { tooDeep: i };
        indents.push(i - pos + 2);
        i += 2;
        while (text[i] === ' ') i++;
        last = '-';
      }
      if (indents.length > MAX_DEPTH + 1) return { tooDeep: i };
    }
    for (; i < lineEnd; i++) {
      const char = text[i]!;
      const previous = text[i - 1] ?? '\n';
      const blankBefore = /[\s[{,]/.test(previous);
      if (blankBefore && !/\s/.test(char)) wordStart = char;
      const quoteMayOpen = blankBefore && (last === '' || '-:[{,?'.includes(last) || '!&'.includes(wordStart));
      if ((char === '"' || char === "'") && quoteMayOpen) {
        let k = i + 1;
        for (; k < text.length; k++) {
          if (char === '"' && text[k] === '\\') k++;
          else if (text[k] === char) {
            if (char === "'" && text[k + 1] === "'") k++;
            else break;
          }
        }
        if (k >= text.length) return { unclosed: { offset: i, char } };
        // A quoted scalar may run over several lines: go on after its closing quote.
        if (k >= lineEnd) {
          lineEnd = text.indexOf('\n', k);
          if (lineEnd < 0) lineEnd = text.length;
        }
        i = k;
        last = char;
        continue;
      }
      if (char === '#' && /\s/.test(previous)) break;
      if (char === '[' || char === '{') {
        flow.push(i);
        if (indents.length + flow.length > MAX_DEPTH + 1) return { tooDeep: i };
      } else if (char === ']' || char === '}') flow.pop();
      if (!/\s/.test(char)) last = char;
    }
    if (flow.length === 0 && /(^|[:-]\s+)[|>][-+0-9]*\s*(#.*)?$/.test(text.slice(pos, lineEnd).trim())) blockScalarIndent = indent;
    pos = lineEnd + 1;
  }
  if (flow.length) return { unclosed: { offset: flow.at(-1)!, char: text[flow.at(-1)!]! } };
  return {};
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
  let document: Document.Parsed | undefined;
  try {
    // Duplicate keys are found by TreeBuilder: the library's own check is quadratic in a mapping's size.
    document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false, merge: false, keepSourceTokens: false });
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
  }
  if (!document || document.errors.some((e) => e.code === 'RESOURCE_EXHAUSTION')) {
    const { tooDeep } = scanStructure(text);
    return { ok: false, diagnostics: [tooDeep === undefined ? fileDiagnostic(displayPath, 'the file is nested too deeply to read') : at(tooDeep, `nested more than ${MAX_DEPTH} levels deep`)] };
  }
  if (document.errors.some((e) => /closing .?quote|end with (a )?[}\]]/i.test(e.message))) {
    // The library reports where it gave up (often the end of the file); the cause is the opening.
    const { unclosed } = scanStructure(text);
    if (unclosed) {
      const closer = unclosed.char === '{' ? '}' : unclosed.char === '[' ? ']' : unclosed.char;
      return { ok: false, diagnostics: [at(unclosed.offset, `YAML: this ${unclosed.char} is never closed with a matching ${closer}`)] };
    }
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
        return at(e.pos[0], `YAML: ${yamlErrorMessage(e.code, e.message)}${hint}`);
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
  const builder = new TreeBuilder(document, lines, displayPath, text);
  const value = builder.build(root);
  if (builder.diagnostics.length) return { ok: false, diagnostics: builder.diagnostics };
  return { ok: true, value: value as Record<string, unknown>, source: new SourceFile(displayPath, text, lines, builder.ranges, builder.written) };
}

class BuildStopped extends Error {}

/** Turns the YAML node tree into plain values, recording ranges by path. */
class TreeBuilder {
  readonly ranges = new Map<string, NodeRanges>();
  /** The source text of number and boolean scalars, by path. */
  readonly written = new Map<string, string>();
  readonly diagnostics: Diagnostic[] = [];
  private expanded = 0;
  private readonly expanding: Node[] = [];

  constructor(
    private readonly document: Document.Parsed,
    private readonly lines: LineCounter,
    private readonly displayPath: string,
    private readonly text: string,
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
    if (tag && !CORE_TAGS.has(tag)) {
      const intrinsic = CFN_TAGS[tag];
      if (!intrinsic) {
        const written = tag.startsWith(YAML_TAG_PREFIX) ? `!!${tag.slice(YAML_TAG_PREFIX.length)}` : tag;
        // The node's range starts after its tag: point at the tag itself.
        let tagStart = this.text.lastIndexOf('!', start);
        while (tagStart > 0 && this.text[tagStart - 1] === '!') tagStart--;
        this.error(tagStart >= 0 && !this.text.slice(tagStart, start).includes('\n') ? tagStart : start, path, `unknown YAML tag "${written}" (only CloudFormation short forms such as !Ref and !Sub are allowed, under cloudformation)`);
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
      if ((typeof value === 'number' || typeof value === 'boolean') && node.source !== undefined) this.written.set(joinPath(path), node.source);
      return value ?? null;
    }
    if (isSeq(node)) {
      return node.items.map((item, index) => this.node(item as Node, [...path, index], undefined, depth + 1, viaAlias));
    }
    if (isMap(node)) {
      const result: Record<string, unknown> = {};
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const keyStart = keyNode?.range?.[0] ?? node.range?.[0] ?? 0;
        if (!isScalar(keyNode) || keyNode.value === null || typeof keyNode.value === 'object') {
          this.error(keyStart, path, 'keys must be plain names, not lists, mappings or empty');
          continue;
        }
        if (keyNode.value === '<<' && keyNode.type === 'PLAIN') {
          this.error(keyStart, path, 'YAML merge keys (<<) are not supported; to share values, refer to them with ${self:path.to.value}, or repeat a whole value with an anchor and alias (&name … *name)');
          continue;
        }
        // A key is its text as written: 1.10 stays "1.10", and 1 and "1" are the same key.
        const name = typeof keyNode.value === 'string' ? keyNode.value : keyNode.source ?? String(keyNode.value);
        if (seen.has(name)) {
          this.error(keyStart, path, `YAML: duplicate key "${name}"`);
          continue;
        }
        seen.add(name);
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
