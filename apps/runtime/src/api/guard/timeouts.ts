import type { Server } from 'node:http';
import type { GuardLimits } from './limits.ts';

/**
 * A client that sends headers a byte at a time, or never finishes its body, holds a socket
 * and memory; Node answers 408 and closes once these pass. Responses (SSE metrics, WHEP)
 * may stream for hours: these bound receiving the request only.
 */
export function applyServerTimeouts(server: Server, limits: Pick<GuardLimits, 'headersTimeoutMs' | 'requestTimeoutMs'>): void {
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
}
