/** Runs the real `tandem` bin as a child process (no TTY, CI=true) and collects its output and exit code. */
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/tandem.js', import.meta.url));

export interface TandemRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `tandem ...args` to completion. */
export function runTandem(args: string[], env: Record<string, string> = {}, cwd?: string): Promise<TandemRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, CI: 'true', ...env }, timeout: 60_000, ...(cwd ? { cwd } : {}) },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** `tandem ...args` left running (serve, demo); stdout is collected into `output()`. */
export function startTandem(
  args: string[],
  env: Record<string, string> = {},
): { child: ChildProcessWithoutNullStreams; output(): string; errors(): string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, CI: 'true', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => stdout, errors: () => stderr, exited };
}

/** Polls `check` until it returns a value (not undefined) or `timeoutMs` passes. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
