// @node-red/runtime and @node-red/util ship without type declarations; these cover the
// parts the engine uses (see node-red.ts and adapter.ts).
declare module '@node-red/runtime' {
  const runtime: {
    init(settings: Record<string, unknown>): void;
    start(): Promise<void>;
    stop(): Promise<void>;
    flows: {
      setFlows(opts: { flows: { flows: unknown[]; credentials?: Record<string, unknown> }; deploymentType: 'full' | 'nodes' | 'flows' }): Promise<unknown>;
    };
    // Internal API object: registerType/createNode live here (see adapter.ts).
    _: {
      nodes: {
        registerType(set: string, type: string, ctor: Function): void;
        createNode(node: unknown, config: unknown): void;
      };
    };
  };
  export default runtime;
}

declare module '@node-red/util' {
  interface Events {
    on(event: string, listener: (...args: unknown[]) => void): void;
    off(event: string, listener: (...args: unknown[]) => void): void;
  }
  const util: {
    init(settings: Record<string, unknown>): void;
    events: Events;
    hooks: {
      add(id: string, fn: (event: unknown) => unknown): void;
      remove(id: string): void;
    };
  };
  export default util;
}
