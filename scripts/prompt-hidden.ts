// Asks for a secret on the terminal without echoing it. For the commands that sign in to the admin
// API (the password may also come from ADMIN_PASSWORD, e.g. in CI).

export class PromptError extends Error {}

export function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    return Promise.reject(
      new PromptError('Set ADMIN_PASSWORD: there is no terminal to ask for it.'),
    );
  }
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
