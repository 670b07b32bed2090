// Runs the shipped CLI (bin/ecs-arch.js → the esbuild bundle; `npm run build` first) as a
// child process, as users run it.
import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(root, 'bin/ecs-arch.js');

export interface BinRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Only PATH, a HOME in `cwd` (no ~/.aws of the machine leaks in) and no instance metadata lookups, plus `env`. */
export function binEnv(cwd: string, env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: cwd, AWS_EC2_METADATA_DISABLED: 'true', ...env };
}

/** Runs the bundle in `cwd`; a hang fails the test by its timeout. */
export function runBin(args: string[], cwd: string, env: Record<string, string> = {}): Promise<BinRun> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: binEnv(cwd, env), timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * Runs the bundle on a pseudo-terminal (python's pty module), waits for `prompt` in its
 * output, then types `keys` (\x03 is Ctrl-C, \x04 Ctrl-D). Output is the terminal's, both
 * streams mixed.
 */
export function runBinOnTerminal(args: string[], cwd: string, env: Record<string, string>, prompt: string, keys: string): Promise<{ code: number; output: string }> {
  const script = `
import os, pty, sys, select, time
pid, fd = pty.fork()
if pid == 0:
    os.execvpe(sys.argv[1], sys.argv[1:], os.environ)
out = b''
sent = False
deadline = time.time() + 60
while time.time() < deadline:
    r, _, _ = select.select([fd], [], [], 0.1)
    if r:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    if not sent and ${JSON.stringify(prompt)}.encode() in out:
        os.write(fd, ${JSON.stringify(keys)}.encode())
        sent = True
_, status = os.waitpid(pid, 0)
sys.stdout.write(out.decode(errors='replace'))
sys.exit(os.waitstatus_to_exitcode(status) if hasattr(os, 'waitstatus_to_exitcode') else status >> 8)
`;
  return new Promise((resolve) => {
    const child = spawn('python3', ['-c', script, process.execPath, BIN, ...args], { cwd, env: binEnv(cwd, env) });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}
