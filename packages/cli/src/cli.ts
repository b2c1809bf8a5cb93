/** `tandem`: runs one command; the exit code says how it went (see exit-codes.ts). */
import { CommanderError } from 'commander';
import { EXIT } from './exit-codes.ts';
import { buildProgram } from './cli-program.ts';

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version are not errors; anything else commander refuses is bad usage (it printed why).
    process.exitCode = error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  } else {
    console.error(error);
    process.exitCode = EXIT.failed;
  }
}
