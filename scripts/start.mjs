#!/usr/bin/env node
// `npm start`: the live demo. For now: a Jira Cloud emulator ("blue") and a Jira Data Center emulator ("green"),
// both with demo data, until Ctrl-C. The sync engine's demo will take this place.
import { register } from 'tsx/esm/api';

register();
const { startJiraEmulator } = await import('@tandem/jira-emulator');

const port = (name, fallback) => Number(process.env[name] ?? fallback);
const blue = await startJiraEmulator({ flavor: 'cloud', port: port('BLUE_PORT', 8081), seed: 'demo' });
const green = await startJiraEmulator({ flavor: 'datacenter', port: port('GREEN_PORT', 8082), seed: 'demo' });

console.log(`Tandem demo — two emulated Jira instances with demo data:
  blue  (Jira Cloud)       ${blue.url}   basic auth admin@example.com / emulator-token
  green (Jira Data Center) ${green.url}   bearer token emulator-token, or basic admin / admin

Try:
  curl -u admin@example.com:emulator-token ${blue.url}/rest/api/3/issue/BLUE-1
  curl -H 'Authorization: Bearer emulator-token' '${green.url}/rest/api/2/search?jql=project=GREEN'
Press Ctrl-C to stop.`);

const stop = async () => {
  await Promise.all([blue.close(), green.close()]);
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
