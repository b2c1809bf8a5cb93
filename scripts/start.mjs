#!/usr/bin/env node
// `npm start`: the live demo, `tandem demo` — a Jira Cloud emulator "blue" and a Jira Data Center emulator "green" with
// demo data, one Tandem node syncing them, and a live log, until Ctrl-C. Extra arguments go to the demo:
//   npm start -- --ports 0        (free ports; BLUE_PORT, GREEN_PORT, TANDEM_PORT otherwise, 8081, 8082, 7300)
import { register } from 'tsx/esm/api';

register();
process.argv.splice(2, 0, 'demo');
await import('../packages/cli/src/cli.ts');
