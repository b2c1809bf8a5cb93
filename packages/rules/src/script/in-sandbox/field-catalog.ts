/**
 * Finding this instance's fields by id or by the name people see. Runs inside the sandbox.
 */
import type { CatalogField } from '../tandem-script.d.ts';

/** Fields every Jira has, accepted by id even when a catalog leaves them out (they go through transitions). */
const WORKFLOW_FIELDS = new Set(['status', 'resolution', 'issuetype']);

export class FieldCatalog {
  constructor(
    readonly fields: readonly CatalogField[],
    private readonly instance: string,
  ) {}

  /**
   * The field with this id, else this name (exact, then ignoring case), else this id ignoring case; null when none.
   * Throws when a name is ambiguous.
   */
  find(nameOrId: string): CatalogField | null {
    const key = String(nameOrId);
    const byId = this.fields.find((field) => field.id === key);
    if (byId) return byId;
    const exact = this.fields.filter((field) => field.name === key);
    if (exact.length === 1) return exact[0] ?? null;
    const folded = key.trim().toLowerCase();
    const loose = exact.length > 1 ? exact : this.fields.filter((field) => field.name.toLowerCase() === folded);
    if (loose.length === 1) return loose[0] ?? null;
    if (loose.length === 0) return this.fields.find((field) => field.id.toLowerCase() === folded) ?? null;
    const ids = loose.map((field) => field.id).join(', ');
    throw new Error(`"${key}" names ${loose.length} fields on ${this.instance} (${ids}): use the id`);
  }

  /** The id to write `nameOrId` under. Throws when this instance has no such field (a typo would fail later anyway). */
  idOf(nameOrId: string): string {
    const key = String(nameOrId);
    const found = this.find(key);
    if (found) return found.id;
    if (WORKFLOW_FIELDS.has(key) || this.fields.length === 0) return key;
    throw new Error(`No field "${key}" on ${this.instance} (tandem.catalog lists its fields)`);
  }
}
