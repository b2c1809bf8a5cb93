/** The node's logger: pino, JSON lines, with every credential-shaped key redacted wherever it appears. */
import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

/** Keys whose values never reach a log line. */
export const REDACTED_PATHS = [
  'token',
  'password',
  'secret',
  'authorization',
  'cookie',
  '*.token',
  '*.password',
  '*.secret',
  '*.authorization',
  '*.cookie',
  '*.auth',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-signature"]',
  'config.instances.*.auth',
];

export interface NodeLoggerOptions {
  /** Default 'info'. */
  level?: LevelWithSilent;
  /** Default: standard output. */
  destination?: DestinationStream | 'stdout' | 'stderr';
}

/** A pino logger with Tandem's redaction. */
export function createNodeLogger(options: NodeLoggerOptions = {}): Logger {
  const settings = { level: options.level ?? 'info', redact: { paths: REDACTED_PATHS, censor: '********' } };
  const target = options.destination ?? 'stdout';
  // Synchronous writes: a CLI that exits right after a warning must not lose it.
  const stream =
    typeof target === 'string' ? pino.destination({ fd: target === 'stdout' ? 1 : 2, sync: true }) : target;
  return pino(settings, stream);
}
