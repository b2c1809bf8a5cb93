// `npm run -w @tandem/config schema`: writes the JSON Schema next to package.json (prettier then formats it).
import { writeFileSync } from 'node:fs';
import { JSON_SCHEMA_FILE, configJsonSchema } from './json-schema.ts';

const target = new URL(`../${JSON_SCHEMA_FILE}`, import.meta.url);
writeFileSync(target, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
