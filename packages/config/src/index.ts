export { loadConfig, parseConfig } from './parse-config.ts';
export type { ParseConfigOptions } from './parse-config.ts';
export { ConfigError } from './config-error.ts';
export type { ConfigIssue } from './config-error.ts';
export { redactConfig } from './redact-config.ts';
export { configJsonSchema, JSON_SCHEMA_FILE } from './json-schema.ts';
export type {
  ConflictPolicy,
  ConnectionConfig,
  ConnectionMode,
  ConnectionSideConfig,
  RemoteSideConfig,
  AnySideConfig,
  InstanceConfig,
  JiraAuth,
  ListenAddress,
  StoreConfig,
  ScriptConfig,
  ScriptFiles,
  SyncMethod,
  TandemConfig,
  TriggerConfig,
  UnmatchedPolicy,
  VisualConfig,
  VisualConstant,
  VisualFieldMapping,
  VisualScope,
} from './config-types.ts';
