import type { ServerOptions } from 'node:http';
import type { GuardLimits } from './limits.ts';

/**
 * A client that sends headers a byte at a time, or never finishes its body, holds a socket
 * and memory; Node answers 408 and closes once these pass. Responses (SSE metrics, WHEP)
 * may stream for hours: these bound receiving the request only. Node checks the deadlines
 * every `connectionsCheckingInterval` (30 s by default), so that follows the shorter limit.
 */
export function serverTimeouts(limits: Pick<GuardLimits, 'headersTimeoutMs' | 'requestTimeoutMs'>): Pick<ServerOptions, 'headersTimeout' | 'requestTimeout' | 'connectionsCheckingInterval'> {
  return {
    headersTimeout: limits.headersTimeoutMs,
    requestTimeout: limits.requestTimeoutMs,
    connectionsCheckingInterval: Math.max(250, Math.min(30_000, Math.floor(limits.headersTimeoutMs / 3))),
  };
}
