/**
 * A rule file compiled for the sandbox: TypeScript or JavaScript → one ES module in JavaScript, with a source map to
 * point errors at the user's own lines. esbuild strips types (it does not check them) and finds syntax errors.
 */
import { readFile } from 'node:fs/promises';
import { SourceMap, type SourceMapPayload } from 'node:module';
import { extname } from 'node:path';
import { transform, type Loader, type Message } from 'esbuild';
import { RuleError } from '@tandem/core';
import type { ScriptSource } from './script-rules-options.ts';

export interface CompiledScript {
  /** How errors name the file (as written in the config). */
  name: string;
  /** The user's text, to find the line of an import. */
  source: string;
  /** The module as the sandbox runs it. */
  code: string;
  sourceMap: SourceMap;
}

/** Reads and compiles one rule file; a syntax error is a RuleError with reason `syntax` and the user's line. */
export async function compileScript(script: ScriptSource): Promise<CompiledScript> {
  const name = script.name ?? ('file' in script ? script.file : 'rule');
  let source: string;
  if ('source' in script) {
    source = script.source;
  } else {
    try {
      source = await readFile(script.file, 'utf8');
    } catch (error) {
      throw new RuleError(`Cannot read the rule file ${script.file}: ${(error as Error).message}`, {
        file: name,
        reason: 'error',
        cause: error,
      });
    }
  }
  try {
    const output = await transform(source, {
      loader: loaderFor(name),
      format: 'esm',
      target: 'es2022',
      sourcemap: 'external',
      sourcefile: name,
      sourcesContent: false,
      logLevel: 'silent',
    });
    return { name, source, code: output.code, sourceMap: new SourceMap(JSON.parse(output.map) as SourceMapPayload) };
  } catch (error) {
    const first = (error as { errors?: Message[] }).errors?.[0];
    if (first === undefined) throw error;
    const details: ConstructorParameters<typeof RuleError>[1] = { file: name, reason: 'syntax', cause: error };
    if (first.location) {
      details.line = first.location.line;
      details.column = first.location.column + 1;
    }
    throw new RuleError(first.text, details);
  }
}

/** JavaScript files are parsed as JavaScript; anything else as TypeScript (a superset for what rules contain). */
function loaderFor(name: string): Loader {
  const extension = extname(name).toLowerCase();
  return extension === '.js' || extension === '.mjs' || extension === '.cjs' ? 'js' : 'ts';
}
