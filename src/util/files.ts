// File system writes that fail as one line naming the path and the reason (never a stack
// trace), and folder creation that cannot hang: Node's recursive mkdir loops forever under
// /proc, so folders are made one level at a time.
import { mkdir, open, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

const REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'it exists and is not a folder',
  EISDIR: 'it is a folder',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  ENAMETOOLONG: 'the name is too long',
};

/** A file system failure with the path it concerns; `code` is Node's (EACCES, ENOTDIR …). */
export class FileError extends Error {
  constructor(
    readonly path: string,
    readonly code: string,
    readonly action: 'write' | 'create folder' | 'read',
  ) {
    super(`cannot ${action} ${path}: ${REASONS[code] ?? code} (${code})`);
    this.name = 'FileError';
  }
  /** The path was of the wrong kind (a file where a folder belongs, or the reverse). */
  get wrongKind(): boolean {
    return this.code === 'EEXIST' || this.code === 'ENOTDIR' || this.code === 'EISDIR';
  }
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** A system error from fs becomes a FileError; anything else (our bugs) is rethrown as is. */
function asFileError(error: unknown, path: string, action: FileError['action']): never {
  const code = codeOf(error);
  if (error instanceof FileError || code === undefined) throw error;
  throw new FileError(path, code, action);
}

/** mkdir -p, one level at a time. */
export async function makeDir(dir: string): Promise<void> {
  try {
    await mkdir(dir);
  } catch (error) {
    const code = codeOf(error);
    if (code === 'EEXIST') {
      if ((await stat(dir)).isDirectory()) return;
      throw new FileError(dir, 'EEXIST', 'create folder');
    }
    if (code !== 'ENOENT' || dirname(dir) === dir) asFileError(error, dir, 'create folder');
    await makeDir(dirname(dir));
    try {
      await mkdir(dir);
    } catch (again) {
      if (codeOf(again) !== 'EEXIST') asFileError(again, dir, 'create folder');
    }
  }
}

/** Writes a file, creating its folder; failures are FileErrors. */
export async function writeText(path: string, text: string): Promise<void> {
  await makeDir(dirname(path));
  try {
    await writeFile(path, text);
  } catch (error) {
    asFileError(error, path, 'write');
  }
}

/**
 * Whether `file` can be written, checked without changing it (a file created for the check
 * is removed): the problem as "PATH: reason", or undefined.
 */
export async function checkWritable(cwd: string, file: string): Promise<string | undefined> {
  const path = resolve(cwd, file);
  try {
    const existing = await stat(path).catch((error: unknown) => (codeOf(error) === 'ENOENT' ? undefined : asFileError(error, path, 'write')));
    if (existing?.isDirectory()) throw new FileError(path, 'EISDIR', 'write');
    if (existing) {
      await (await open(path, 'r+').catch((error: unknown) => asFileError(error, path, 'write'))).close();
      return undefined;
    }
    await makeDir(dirname(path));
    await (await open(path, 'wx').catch((error: unknown) => asFileError(error, path, 'write'))).close();
    await unlink(path);
    return undefined;
  } catch (error) {
    if (error instanceof FileError) return error.message.replace(/^cannot (write|create folder) /, '');
    throw error;
  }
}

/** Writes the same text to each file; the ones that fail are returned as messages, the others are written. */
export async function writeEach(cwd: string, files: readonly string[], text: string): Promise<string[]> {
  const problems: string[] = [];
  for (const file of files) {
    try {
      await writeText(resolve(cwd, file), text);
    } catch (error) {
      if (!(error instanceof FileError)) throw error;
      problems.push(error.message);
    }
  }
  return problems;
}
