/** The `tandem` command line as a library (bin/tandem.js runs src/cli.ts). */
export { buildProgram } from './cli-program.ts';
export { EXIT, exitCodeOf, UsageError, type ExitCode } from './exit-codes.ts';
export { demoPorts, type DemoPorts } from './demo-ports.ts';
