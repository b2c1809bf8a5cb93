/** What a connection starts from when someone switches it to Visual or Script mode in the console. */
import type { VisualMapping, VisualRules } from './api-types.ts';

/** A mapping of `field` (the same on both sides), both ways, with no value map. */
export function sameFieldMapping(field: string, instances: [string, string]): VisualMapping {
  return {
    fields: { [instances[0]]: field, [instances[1]]: field },
    from: [...instances],
    values: [],
    users: [],
    unmatched: 'ignore',
    default: {},
    owner: null,
  };
}

/** Summary and description both ways, comments and attachments both ways: Basic mode, spelled out. */
export function starterVisualRules(instances: [string, string]): VisualRules {
  return {
    fields: [sameFieldMapping('summary', instances), sameFieldMapping('description', instances)],
    comments: [...instances],
    attachments: [...instances],
    worklogs: [],
    links: [],
    constants: {},
    scope: {},
  };
}

/** The starter outgoing rule of a side. */
export function starterOutgoingScript(instance: string): string {
  return `// ${instance}: what this side sends (its issue → the replica)
import type { OutgoingRule } from './tandem-script';

const outgoing: OutgoingRule = ({ issue, replica, tandem }) => {
  replica.fields.summary = tandem.get(issue, 'summary');
  replica.fields.description = tandem.get(issue, 'description');
  tandem.mergeComments();
  tandem.mergeAttachments();
};

export default outgoing;
`;
}

/** The starter incoming rule of a side. */
export function starterIncomingScript(instance: string): string {
  return `// ${instance}: what this side takes from the other side's replica
import type { IncomingRule } from './tandem-script';

const incoming: IncomingRule = ({ replica, tandem }) => {
  tandem.set('summary', replica.fields.summary);
  tandem.set('description', replica.fields.description);
  tandem.mergeComments();
  tandem.mergeAttachments();
};

export default incoming;
`;
}
