import type { Logger } from '../log.ts';

let installed = false;
let count = 0;

/**
 * A node's stray promise rejection or callback throw would otherwise end the process
 * and the show with it. Contained once per process, counted (SF206) and logged.
 */
export function containProcessErrors(log: Logger): void {
  if (installed) return;
  installed = true;
  const contain = (kind: string) => (err: unknown) => {
    count++;
    log.error(`SF206 ${kind} contained: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  };
  process.on('unhandledRejection', contain('unhandled rejection'));
  process.on('uncaughtException', contain('uncaught exception'));
}

export function uncaughtCount(): number {
  return count;
}
