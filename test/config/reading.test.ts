// What the loader does with files that are not ordinary YAML text: devices, pipes, other
// encodings, binary content, deep nesting, unclosed delimiters, foreign tags, merge keys,
// duplicate keys and very large mappings (issue 10). Each case: the exact input, the exact outcome.
import { afterAll, describe, expect, test } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadProject } from '../../src/config/index.js';
import { workspace } from './helpers.js';

const ws = workspace();
afterAll(() => ws.remove());
const bin = fileURLToPath(new URL('../../bin/ecs-arch.js', import.meta.url));

async function problemsOf(configPath: string): Promise<string[]> {
  const result = await loadProject({ configPath, cwd: ws.dir, env: { AWS_DEFAULT_REGION: 'us-east-1' } });
  return result.ok ? [] : result.diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`);
}

async function problemsOfBytes(name: string, bytes: Buffer): Promise<string[]> {
  writeFileSync(join(ws.dir, name), bytes);
  return problemsOf(name);
}

describe('reading the file', () => {
  test('/dev/zero is read up to the size limit, not forever', async () => {
    expect(await problemsOf('/dev/zero')).toEqual(['0:0: the file is over 1 MiB; configuration files are limited to 1 MiB']);
  });

  test('a FIFO is refused without opening it (opening would wait for a writer)', async () => {
    execFileSync('mkfifo', [join(ws.dir, 'pipe.yml')]);
    expect(await problemsOf('pipe.yml')).toEqual(['0:0: is a pipe or socket, not a configuration file (pass a regular file)']);
  });

  test('the built executable exits 2 on -c /dev/zero and on a FIFO', () => {
    for (const [file, message] of [
      ['/dev/zero', '/dev/zero: the file is over 1 MiB; configuration files are limited to 1 MiB'],
      ['pipe.yml', 'pipe.yml: is a pipe or socket, not a configuration file (pass a regular file)'],
    ]) {
      const run = spawnSync('node', [bin, 'validate', '-c', file!], { cwd: ws.dir, encoding: 'utf8', timeout: 30_000 });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 2, stderr: `${message}\n1 error\n` });
    }
  });

  test.each([
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name: app\n', 'utf16le')]), 'UTF-16LE'],
    ['UTF-16LE without BOM', Buffer.from('name: app\n', 'utf16le'), 'UTF-16LE'],
    ['UTF-16BE with BOM', Buffer.from('\ufeffname: app\n', 'utf16le').swap16(), 'UTF-16BE'],
    ['UTF-16BE without BOM', Buffer.from('name: app\n', 'utf16le').swap16(), 'UTF-16BE'],
    ['UTF-32LE with BOM', utf32('\ufeffname: app\n', 'LE'), 'UTF-32LE'],
    ['UTF-32LE without BOM', utf32('name: app\n', 'LE'), 'UTF-32LE'],
    ['UTF-32BE with BOM', utf32('\ufeffname: app\n', 'BE'), 'UTF-32BE'],
    ['UTF-32BE without BOM', utf32('name: app\n', 'BE'), 'UTF-32BE'],
  ])('%s says the file is not UTF-8', async (_, bytes, encoding) => {
    expect(await problemsOfBytes('encoded.yml', bytes)).toEqual([
      `0:0: the file is not UTF-8 (it looks like ${encoding}); save it as UTF-8, e.g. iconv -f ${encoding} -t UTF-8`,
    ]);
  });

  test('a UTF-8 byte order mark is accepted', async () => {
    expect(await problemsOfBytes('bom.yml', Buffer.from('\ufeffname: app\nregion: us-east-1\n'))).toEqual([]);
  });

  test('binary content is not echoed back: only where the first bad byte is', async () => {
    const garbage = Buffer.concat([Buffer.from('name: app\nx: '), Buffer.from([0xc3, 0x28, 0xff, 0xfe, 0x41]), Buffer.from('\n')]);
    expect(await problemsOfBytes('garbage.yml', garbage)).toEqual(['0:0: the file is not UTF-8 text: it has bytes that are not valid UTF-8 at line 2, byte 4']);
    const nul = Buffer.from('name: app\nx: a\u0000b\u0007\n');
    expect(await problemsOfBytes('nul.yml', nul)).toEqual(['0:0: the file is not UTF-8 text: it has a control character (byte 0x00) at line 2, byte 5']);
  });
});

function utf32(text: string, order: 'LE' | 'BE'): Buffer {
  const points = [...text].map((c) => c.codePointAt(0)!);
  const buffer = Buffer.alloc(points.length * 4);
  points.forEach((p, i) => (order === 'LE' ? buffer.writeUInt32LE(p, i * 4) : buffer.writeUInt32BE(p, i * 4)));
  return buffer;
}

describe('parsing', () => {
  test('5000 levels of flow nesting report the depth limit where it is first passed', async () => {
    expect(await ws.problems(`name: app\nx: ${'['.repeat(5000)}${']'.repeat(5000)}\n`)).toEqual(['2:68: nested more than 64 levels deep']);
  });

  test('5000 levels of block sequences on one line, and 1000 of indented mappings, likewise', async () => {
    expect(await ws.problems(`name: app\nx:\n${'- '.repeat(5000)}a\n`)).toEqual(['3:129: nested more than 64 levels deep']);
    const indented = Array.from({ length: 1000 }, (_, i) => `${' '.repeat(i + 1)}k:`).join('\n');
    expect(await ws.problems(`name: app\nx:\n${indented} 1\n`)).toEqual(['67:66: nested more than 64 levels deep']);
  });

  test.each([
    ['double quote', 'name: app\nx: "abc\ny: 1\nz: 2\n', '2:4: YAML: this " is never closed with a matching "'],
    ['single quote', "name: app\nx: 'abc\ny: 1\nz: 2\n", "2:4: YAML: this ' is never closed with a matching '"],
    ['brace', 'name: app\nx: { a: 1\ny: 1\nz: 2\n', '2:4: YAML: this { is never closed with a matching }'],
    ['bracket', 'name: app\nx: [ a, 1\ny: 1\nz: 2\n', '2:4: YAML: this [ is never closed with a matching ]'],
    ['brace after a quoted brace', 'name: app\nx: { a: "}", b: [1, 2]\ny: 1\n', '2:4: YAML: this { is never closed with a matching }'],
  ])('an unclosed %s is reported at the opening delimiter', async (_, text, expected) => {
    expect(await ws.problems(text)).toEqual([expected]);
  });

  test('apostrophes inside plain values and quotes in block scalars are not delimiters', async () => {
    const text = "name: app\nx: it's\ny: |\n  a \"b\n  [c\nz: { a: 'b' }\n";
    expect(await ws.problems(text)).toEqual(['2:1: unknown key "x" at the top level.', '3:1: unknown key "y" at the top level.', '6:1: unknown key "z" at the top level.']);
  });

  test('foreign tags are refused at the tag, the core schema\'s are fine', async () => {
    const text = 'name: app\na: !!python/object:os.system x\nb: !!js/function "f"\nc: !!binary aGk=\nd: !!str 5\n';
    const message = (tag: string): string => `unknown YAML tag "${tag}" (only CloudFormation short forms such as !Ref and !Sub are allowed, under cloudformation)`;
    expect(await ws.problems(text)).toEqual([`2:4: ${message('!!python/object:os.system')}`, `3:4: ${message('!!js/function')}`, `4:4: ${message('!!binary')}`]);
  });

  test('merge keys say they are not supported and how to share values', async () => {
    expect(await ws.problems('name: app\ndeployment:\n  tags: &t { a: x }\ncloudformation:\n  outputs:\n    O:\n      <<: *t\n')).toEqual([
      '7:7: YAML merge keys (<<) are not supported; to share values, refer to them with ${self:path.to.value}, or repeat a whole value with an anchor and alias (&name … *name)',
    ]);
  });

  test('keys "1" and 1 in one mapping are a duplicate, and number keys keep their text', async () => {
    expect(await ws.problems('name: app\ndeployment:\n  tags:\n    "1": a\n    1: b\n')).toEqual(['5:5: YAML: duplicate key "1"']);
    const result = await ws.load('name: app\ndeployment:\n  tags:\n    1.10: a\n    0x10: b\n');
    expect(result.ok && result.project.config.deployment?.tags).toEqual({ '1.10': 'a', '0x10': 'b' });
  });

  test('a mapping with 25 000 keys loads, and a duplicate among them is found', async () => {
    const keys = Array.from({ length: 25_000 }, (_, i) => `    k${i}: v`).join('\n');
    const problems = await ws.problems(`name: app\ncloudformation:\n  outputs:\n    O:\n${keys}\n    k7: again\n`);
    expect(problems).toEqual(['25005:5: YAML: duplicate key "k7"']);
  });
});
