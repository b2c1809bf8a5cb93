/** Visual mode compiled: a connection's `visual:` block becomes one side's outgoing and incoming rules. */
import type { SideRules } from '@tandem/core';
import { checkVisualAgainstCatalog } from './check-visual-catalog.ts';
import { visualIncoming } from './visual-incoming.ts';
import { visualOutgoing } from './visual-outgoing.ts';
import type { CompileVisualInput } from './visual-rules-config.ts';

/** The rules of `input.sideInstance`, reporting `mode` (Basic mode is compiled the same way). */
export function rulesOf(input: CompileVisualInput, mode: 'basic' | 'visual'): SideRules {
  return {
    mode,
    outgoing: (outgoing) => Promise.resolve(visualOutgoing(input, outgoing)),
    incoming: (incoming) => Promise.resolve(visualIncoming(input, incoming)),
  };
}

/**
 * Compiles a connection's Visual mappings into the rules of one of its sides; `check` is checkVisualAgainstCatalog
 * for that side.
 */
export function compileVisualRules(input: CompileVisualInput): SideRules {
  return {
    ...rulesOf(input, 'visual'),
    check: (catalog) =>
      checkVisualAgainstCatalog({
        connection: input.connection,
        instance: input.sideInstance,
        visual: input.visual,
        catalog,
      }),
  };
}
