// Everything a command touches outside itself, so tests can call main() with their own.

export interface Output {
  write(text: string): void;
  isTTY?: boolean;
  columns?: number;
}

export interface Io {
  stdout: Output;
  stderr: Output;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  /** Asks a yes/no question on the terminal; absent when there is no terminal to ask. */
  confirm?: (question: string) => Promise<boolean>;
  /** Asks for a line of text on the terminal (Ctrl-C aborts `signal`, Ctrl-D answers ""); absent when there is no terminal. */
  ask?: (question: string) => Promise<string>;
  /** Asks to pick one of `choices` on the terminal (Enter takes `fallback`); absent when there is no terminal. */
  choose?: (question: string, choices: readonly { value: string; label: string }[], fallback: string) => Promise<string>;
  /** Aborted on Ctrl-C (SIGINT). */
  signal?: AbortSignal;
}

/** CI mode: no prompts, no spinners (CI=true or no TTY). */
export function isCi(io: Io): boolean {
  return io.env.CI === 'true' || io.env.CI === '1' || !io.stdout.isTTY;
}
