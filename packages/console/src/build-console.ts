/**
 * The console's build: where it lands, whether it is there, and building it with Vite. `npm install` builds it (the
 * package's `prepare` script); `buildConsole()` is for a checkout installed with scripts disabled.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder Vite builds the console into (packages/console/dist), which the node serves at `/`. */
export const CONSOLE_DIST_DIR = fileURLToPath(new URL('../dist', import.meta.url));

/** The Vite configuration of the console app. */
export const CONSOLE_VITE_CONFIG = fileURLToPath(new URL('../web/vite.config.mjs', import.meta.url));

/** Whether the console has been built (`dist/index.html` exists). */
export function consoleBuilt(distDir: string = CONSOLE_DIST_DIR): boolean {
  return existsSync(join(distDir, 'index.html'));
}

/** Runs `vite build` for the console (a few seconds); resolves when dist/ is written. Vite loads only when called. */
export async function buildConsole(): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: CONSOLE_VITE_CONFIG, logLevel: 'warn' });
}
