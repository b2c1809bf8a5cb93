/** Which configuration file a command reads (--config, else TANDEM_CONFIG, else ./tandem.yaml) and loading it. */
import { loadConfig, type TandemConfig } from '@tandem/config';

export const DEFAULT_CONFIG_FILE = 'tandem.yaml';

/** The path a command reads its configuration from. */
export function configPath(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return option ?? env.TANDEM_CONFIG ?? DEFAULT_CONFIG_FILE;
}

/** Loads and checks the configuration; throws ConfigError listing every problem (exit 2). */
export function readConfig(option: string | undefined): TandemConfig {
  return loadConfig(configPath(option), process.env);
}
