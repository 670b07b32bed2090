// The executable's entry: real process I/O around main(), and the exit code.
import { createInterface } from 'node:readline';
import { main } from './main.js';
import type { Io } from './io.js';

/** One line of input on stderr's terminal; Ctrl-C aborts the command, Ctrl-D answers "". */
function ask(prompt: string, controller: AbortController): Promise<string> {
  return new Promise<string>((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    let answered = false;
    const done = (answer: string) => {
      if (answered) return;
      answered = true;
      rl.close();
      resolve(answer);
    };
    rl.on('SIGINT', () => {
      process.stderr.write('\n');
      controller.abort();
      done('');
    });
    rl.on('close', () => done(''));
    rl.question(prompt, (text) => done(text.trim()));
  });
}

function processIo(): Io {
  const controller = new AbortController();
  process.on('SIGINT', () => {
    // A second Ctrl-C quits at once; the first lets the running command clean up.
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  });
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    signal: controller.signal,
    confirm: process.stdin.isTTY
      ? // Ctrl-C at the prompt interrupts the command (which then cleans up, exit 130);
        // Ctrl-D (end of input) is a "no".
        async (question) => /^y(es)?$/i.test(await ask(`${question} [y/N] `, controller))
      : undefined,
    ask: process.stdin.isTTY ? (question) => ask(question, controller) : undefined,
    choose: process.stdin.isTTY
      ? async (question, choices, fallback) => {
          const list = choices.map((c, i) => `  ${i + 1}. ${c.value.padEnd(Math.max(...choices.map((x) => x.value.length)))}  ${c.label}`).join('\n');
          const index = choices.findIndex((c) => c.value === fallback) + 1;
          for (;;) {
            const answer = await ask(`${question}\n${list}\nNumber or name [${index}. ${fallback}]: `, controller);
            if (controller.signal.aborted || answer === '') return fallback;
            const picked = choices[Number(answer) - 1] ?? choices.find((c) => c.value === answer);
            if (picked) return picked.value;
            process.stderr.write(`"${answer}" is not one of them.\n`);
          }
        }
      : undefined,
  };
}

export function run(argv: string[]): void {
  // ecs-arch pins its own SDK version and supports Node 20, so the SDK's notice about its
  // future Node requirement is not something a user of this tool can act on.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  main(argv, processIo()).then(
    (code) => {
      process.exitCode = code;
      // Nothing may keep the process alive after the command is done (stdin after a prompt).
      process.stdin.unref?.();
    },
    (error: unknown) => {
      // Only our own bugs reach here: user errors are values reported by the commands.
      process.stderr.write(`ecs-arch: internal error: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
