/** Progress of a long operation on standard error: a redrawn bar on a terminal, a line per change otherwise (CI, pipes). */

export interface ProgressDisplay {
  update(done: number, total: number): void;
  finish(): void;
}

const WIDTH = 30;

/** A display for `label`; `tty` defaults to whether standard error is a terminal. */
export function createProgress(label: string, tty = process.stderr.isTTY === true): ProgressDisplay {
  let last = '';
  return {
    update(done, total) {
      const line = `${label}: ${done}/${total}`;
      if (line === last) return;
      last = line;
      if (!tty) {
        process.stderr.write(`${line}\n`);
        return;
      }
      const filled = total === 0 ? WIDTH : Math.round((done / total) * WIDTH);
      process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${done}/${total}`);
    },
    finish() {
      if (tty && last !== '') process.stderr.write('\n');
    },
  };
}
