// Asks the person at the terminal: a secret without echoing it (the admin password, which may also
// come from ADMIN_PASSWORD, e.g. in CI), or a one-time code. The commands that sign in to the admin
// API share these two, so they ask the same way.
import { createInterface } from 'node:readline/promises';

export class PromptError extends Error {}

const NO_TERMINAL_PASSWORD = 'Set ADMIN_PASSWORD (or use --token): there is no terminal to ask.';

export function promptHidden(question: string, noTerminal = NO_TERMINAL_PASSWORD): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) return Promise.reject(new PromptError(noTerminal));
  process.stderr.write(question);
  return new Promise((resolve, reject) => {
    let answer = '';
    const finish = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') {
          finish();
          return resolve(answer);
        }
        if (char === '\u0003') {
          finish();
          return reject(new PromptError('Cancelled.'));
        }
        if (char === '\u007f' || char === '\b') answer = answer.slice(0, -1);
        else answer += char;
      }
    };
    stdin.setRawMode(true);
    stdin.resume();
    stdin.setEncoding('utf8');
    stdin.on('data', onData);
  });
}

const NO_TERMINAL_CODE =
  'The service asks for a one-time code and there is no terminal to type it: unattended runs ' +
  'use an API token (--token or ADMIN_TOKEN).';

/** One visible line, e.g. the code from a text message. */
export async function promptLine(question: string, noTerminal = NO_TERMINAL_CODE): Promise<string> {
  if (!process.stdin.isTTY) throw new PromptError(noTerminal);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return (await rl.question(question)).trim();
  } finally {
    rl.close();
  }
}
