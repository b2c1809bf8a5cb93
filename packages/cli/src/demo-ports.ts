/** The demo's ports: BLUE_PORT, GREEN_PORT, TANDEM_PORT (8081, 8082, 7300), or `--ports`: `0` (all free) or `B,G,T`. */
import { createServer } from 'node:net';
import { UsageError } from './exit-codes.ts';

export interface DemoPorts {
  blue: number;
  green: number;
  tandem: number;
}

function port(value: string, what: string): number {
  const parsed = Number(value);
  if (value.trim() === '' || !Number.isInteger(parsed) || parsed < 0 || parsed > 65535) {
    throw new UsageError(`${what}: '${value}' is not a port number from 0 to 65535`);
  }
  return parsed;
}

/** The ports asked for; 0 means any free port. */
export function demoPorts(option: string | undefined, env: NodeJS.ProcessEnv = process.env): DemoPorts {
  if (option !== undefined) {
    const parts = option.split(',');
    if (parts.length === 1) {
      const all = port(parts[0] ?? '', '--ports');
      return { blue: all, green: all, tandem: all };
    }
    if (parts.length !== 3)
      throw new UsageError(`--ports takes one port for all, or three: BLUE,GREEN,TANDEM; got '${option}'`);
    return {
      blue: port(parts[0] ?? '', '--ports blue'),
      green: port(parts[1] ?? '', '--ports green'),
      tandem: port(parts[2] ?? '', '--ports tandem'),
    };
  }
  return {
    blue: port(env.BLUE_PORT ?? '8081', 'BLUE_PORT'),
    green: port(env.GREEN_PORT ?? '8082', 'GREEN_PORT'),
    tandem: port(env.TANDEM_PORT ?? '7300', 'TANDEM_PORT'),
  };
}

/** A port free right now on `host` (the config file needs the node's port before the node listens). */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const found = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(found));
    });
  });
}
