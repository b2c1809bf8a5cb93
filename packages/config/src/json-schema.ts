import { z } from 'zod';
import { configFileSchema } from './config-schema.ts';

/** The file name of the published JSON Schema, at the package's root. */
export const JSON_SCHEMA_FILE = 'tandem-config.schema.json';

/** The JSON Schema (draft-07, which YAML editors read) of the configuration file, generated from the zod schema. */
export function configJsonSchema(): Record<string, unknown> {
  // The input side is what the file holds: `${NAME}` references, before defaults and conversions.
  return z.toJSONSchema(configFileSchema({}), { io: 'input', target: 'draft-07' }) as Record<string, unknown>;
}
