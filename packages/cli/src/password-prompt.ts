/**
 * Reading a password for `tandem init`: from TANDEM_ADMIN_PASSWORD, else typed at the terminal without echo (twice),
 * else the first line of standard input when it is piped (`printf '%s\n' "$PW" | tandem init --email …`).
 */
import { UsageError } from './exit-codes.ts';

/** Reads one line from the terminal without showing what is typed. */
function readHidden(prompt: string): Promise<string> {
  const input = process.stdin;
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004') {
          finish();
          resolve(value);
          return;
        }
        if (char === '\u0003') {
          finish();
          reject(new UsageError('cancelled'));
          return;
        }
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else value += char;
      }
    };
    process.stderr.write(prompt);
    input.setEncoding('utf8');
    input.setRawMode(true);
    input.resume();
    input.on('data', onData);
  });
}

async function firstLineOfStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0] ?? '';
}

/** The new admin's password (see the module comment); UsageError when none can be had. */
export async function readNewPassword(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const fromEnv = env.TANDEM_ADMIN_PASSWORD;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (process.stdin.isTTY) {
    const first = await readHidden('Password for the console: ');
    const second = await readHidden('Repeat the password: ');
    if (first !== second) throw new UsageError('the two passwords differ');
    return first;
  }
  const piped = await firstLineOfStdin();
  if (piped === '')
    throw new UsageError('no password: set TANDEM_ADMIN_PASSWORD, type it at a terminal, or pipe it on standard input');
  return piped;
}
