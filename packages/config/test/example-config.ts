// The configuration shown in the README, as the tests' starting point.
export const EXAMPLE_CONFIG = `# yaml-language-server: $schema=../tandem-config.schema.json
store: ./data/tandem.db
listen: 127.0.0.1:7300
instances:
  blue:  { type: jira-cloud,      url: http://127.0.0.1:8081, email: admin@example.com, token: "\${BLUE_TOKEN}" }
  green: { type: jira-datacenter, url: http://127.0.0.1:8082, token: "\${GREEN_TOKEN}" }
connections:
  blue_green:
    mode: basic
    description: optional text
    sides:
      blue:  { project: BLUE,  trigger: "project = BLUE AND issuetype in (Task, Bug)", sync: auto }
      green: { project: GREEN, trigger: "project = GREEN" }
`;

export const EXAMPLE_ENV = { BLUE_TOKEN: 'blue-secret', GREEN_TOKEN: 'green-secret' };

export const OPTIONS = { env: EXAMPLE_ENV, sourceName: 'tandem.yaml', baseDir: '/etc/tandem' };
