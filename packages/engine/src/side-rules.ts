/**
 * The rules each side of a connection runs. A connection built from a Visual or Script config carries its own; one
 * without (Basic mode) gets Basic's fixed mapping, compiled once per connection and side.
 */
import type { SideName, SideRules } from '@tandem/core';
import { compileBasicRules } from '@tandem/rules';
import { otherSide, sideOf, type EngineConnection } from './engine-config.ts';

const compiled = new WeakMap<EngineConnection, Partial<Record<SideName, SideRules>>>();

/** The rules of `side` of `connection`. */
export function rulesOf(connection: EngineConnection, side: SideName): SideRules {
  const given = connection.rules?.[side];
  if (given) return given;
  let bySide = compiled.get(connection);
  if (!bySide) {
    bySide = {};
    compiled.set(connection, bySide);
  }
  const basic =
    bySide[side] ??
    compileBasicRules({
      connection: connection.name,
      sideInstance: sideOf(connection, side).instance,
      otherInstance: sideOf(connection, otherSide(side)).instance,
    });
  bySide[side] = basic;
  return basic;
}
