import type { NodeLogger } from '@showflow/nodes/sdk';
import type { LogLevel } from './env.ts';

const rank: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export interface Logger extends NodeLogger {
  debug(message: string): void;
  child(prefix: string): Logger;
}

/** Lines to stderr, so `showflow run --json` keeps stdout for its result. */
export function createLogger(level: LogLevel, prefix = 'showflow'): Logger {
  const write = (at: LogLevel, message: string) => {
    if (rank[at] <= rank[level]) process.stderr.write(`${new Date().toISOString()} ${at.padEnd(5)} [${prefix}] ${message}\n`);
  };
  return {
    error: (m) => write('error', m),
    warn: (m) => write('warn', m),
    info: (m) => write('info', m),
    debug: (m) => write('debug', m),
    child: (p) => createLogger(level, `${prefix}:${p}`),
  };
}
