import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AnyNodeDefinition, NodeServices } from '@showflow/nodes/sdk';
import type { RuntimeEnv } from '../env.ts';
import type { Logger } from '../log.ts';

/**
 * A layer that plugs into the runtime: the generative layer, the orders service, live
 * ingest. Its node types are known without opening it (so `validate` stays instant);
 * opening it starts its services, which nodes and API procedures look up by name.
 */
export interface RuntimeModuleFactory {
  readonly name: string;
  readonly nodes: AnyNodeDefinition[];
  open(env: RuntimeEnv, log: Logger): Promise<RuntimeModule>;
}

/** An opened module, closed with the runtime. */
export interface RuntimeModule {
  readonly name: string;
  readonly services?: Record<string, unknown>;
  /** Resolves true when it answered the request, false to let the next handler try. */
  http?(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Takes over an HTTP upgrade (WebSocket) when it owns the path; false to pass. */
  upgrade?(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Extra Prometheus text-format lines. */
  metrics?(): string;
  close(): Promise<void>;
}

/** The services of several modules behind one lookup; a name may be provided once. */
export function servicesOf(modules: readonly RuntimeModule[]): NodeServices {
  const all = new Map<string, unknown>();
  for (const m of modules) {
    for (const [name, value] of Object.entries(m.services ?? {})) {
      if (all.has(name)) throw new Error(`service "${name}" from module ${m.name} is already provided`);
      all.set(name, value);
    }
  }
  return { get: (name) => all.get(name) };
}
