/**
 * The sandbox prelude (in-sandbox/prelude.ts and what it imports) bundled into one ES module's source text, once per
 * process, for the workers to evaluate in every fresh QuickJS context.
 */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

let bundled: Promise<string> | undefined;

/** The prelude's JavaScript (built on first use, then cached). */
export function preludeSource(): Promise<string> {
  bundled ??= buildPrelude().catch((error: unknown) => {
    bundled = undefined;
    throw error;
  });
  return bundled;
}

async function buildPrelude(): Promise<string> {
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./in-sandbox/prelude.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    charset: 'utf8',
    minify: true,
    keepNames: true,
  });
  const file = result.outputFiles[0];
  if (file === undefined) throw new Error('esbuild produced no prelude');
  return file.text;
}
