/**
 * The Script-mode rules a node creates — at start from the config, later when the API saves new scripts — kept so
 * that all of them are closed when the node stops. Replaced rules are not closed early: a sync step that started with
 * them finishes with them.
 */
import { createScriptRules, type ScriptRules, type ScriptRulesOptions } from '@tandem/rules';

export class ScriptRulesRegistry {
  private readonly created: ScriptRules[] = [];

  /** New rules (not compiled yet), closed with the node. */
  create(options: ScriptRulesOptions): ScriptRules {
    const rules = createScriptRules(options);
    this.created.push(rules);
    return rules;
  }

  /** Closes rules made for one call only (a dry run of unsaved scripts) and forgets them. */
  async discard(rules: ScriptRules): Promise<void> {
    const index = this.created.indexOf(rules);
    if (index >= 0) this.created.splice(index, 1);
    await rules.close();
  }

  /** Closes every rule set created. */
  async closeAll(): Promise<void> {
    await Promise.all(this.created.splice(0).map((rules) => rules.close()));
  }
}
