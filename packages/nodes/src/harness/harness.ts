import { ShowflowError } from '@showflow/shared';
import type { z } from 'zod';
import type {
  BaseContext,
  ConfigSchema,
  Frame,
  FrameAllocator,
  InputDecls,
  InputValues,
  NodeDefinition,
  OutputDecls,
  OutputValues,
  RunContext,
  StatusLevel,
} from '../sdk/index.ts';
import { assertI420Frame, assertRawFrame } from '../pixels/index.ts';
import { createTestAllocator } from './allocator.ts';

export interface HarnessOptions {
  /** Config as a user would write it; parsed (and defaulted) through the node's schema. */
  config?: Record<string, unknown>;
  nodeId?: string;
  pipelineId?: string;
  /** Defaults to plain Buffers (see createTestAllocator). */
  frames?: FrameAllocator;
  /** Clock for `ctx.now()`; defaults to the wall clock with sub-millisecond precision. */
  now?: () => number;
  /**
   * After each run settles, overwrite the bytes of the frames that triggered it, as the
   * runtime's pool may recycle them. A node that kept a reference instead of copying
   * then sees garbage in its next run, and its test fails.
   */
  scribbleInputs?: boolean;
  /** Services the node looks up by name (`ctx.services.get`), e.g. a generative service. */
  services?: Record<string, unknown>;
}

export interface Emission {
  port: string;
  value: unknown;
  /** 1-based number of the run (or tick) that produced it. */
  run: number;
}

export interface HarnessStatus {
  level: StatusLevel;
  text: string;
}

export interface HarnessLog {
  level: 'info' | 'warn' | 'error';
  message: string;
}

export interface NodeHarness<S extends ConfigSchema, State, I extends InputDecls, O extends OutputDecls> {
  readonly definition: NodeDefinition<S, State, I, O>;
  readonly config: z.output<S>;
  readonly state: State;
  readonly frames: FrameAllocator;
  /** Every value sent on an output, in order. */
  readonly emissions: Emission[];
  readonly statuses: HarnessStatus[];
  /** The latest status, or undefined before the node set one. */
  readonly status: HarnessStatus | undefined;
  readonly logs: HarnessLog[];
  /** Errors thrown by `run` (they are also rethrown to the caller). */
  readonly errors: unknown[];
  /** Source ticks so far. */
  readonly ticks: number;
  /** Runs so far (triggered runs and ticks). */
  readonly runs: number;
  /**
   * Delivers a message as the runtime would: stores it as the port's latest value and,
   * if the port triggers, runs the node. Resolves with that run's outputs ({} when the
   * port does not trigger; `runs` tells the two apart).
   */
  send<K extends keyof I & string>(port: K, value: InputValues<I>[K]): Promise<OutputValues<O>>;
  /** Sets the given inputs, then runs with `trigger` (default: the first triggering port given). */
  run(values?: InputValues<I>, options?: { trigger?: keyof I & string }): Promise<OutputValues<O>>;
  /** One source tick: runs with no trigger and `ctx.tick` counting from 0. */
  tick(): Promise<OutputValues<O>>;
  /** Values emitted on `port` so far. */
  outputs<K extends keyof O & string>(port: K): OutputValues<O>[K][];
  last<K extends keyof O & string>(port: K): OutputValues<O>[K] | undefined;
  /** Forgets emissions, statuses, logs and errors (not state). */
  clear(): void;
  dispose(): Promise<void>;
}

/** Runs one node without the runtime: config parsing, setup, runs, ticks, dispose. */
export async function createHarness<S extends ConfigSchema, State, I extends InputDecls, O extends OutputDecls>(
  definition: NodeDefinition<S, State, I, O>,
  options: HarnessOptions = {},
): Promise<NodeHarness<S, State, I, O>> {
  const parsed = definition.config.safeParse(options.config ?? {});
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `${i.path.join('.') || '(config)'}: ${i.message}`).join('; ');
    throw new ShowflowError('SF103', `${definition.type} config is invalid: ${details}`);
  }
  const config = parsed.data as z.output<S>;
  const nodeId = options.nodeId ?? definition.type.split('.').pop()!;
  const frames = options.frames ?? createTestAllocator();
  const now = options.now ?? (() => performance.timeOrigin + performance.now());
  const abort = new AbortController();
  const emissions: Emission[] = [];
  const statuses: HarnessStatus[] = [];
  const logs: HarnessLog[] = [];
  const errors: unknown[] = [];
  const latest: InputValues<I> = {};
  let runs = 0;
  let ticks = 0;
  let disposed = false;

  const base: BaseContext<z.output<S>> = {
    nodeId,
    pipelineId: options.pipelineId ?? 'harness',
    config,
    frames,
    log: {
      info: (message) => logs.push({ level: 'info', message }),
      warn: (message) => logs.push({ level: 'warn', message }),
      error: (message) => logs.push({ level: 'error', message }),
    },
    setStatus: (level, text) => statuses.push({ level, text }),
    now,
    signal: abort.signal,
    services: { get: (name) => options.services?.[name] },
  };

  const state = (definition.setup ? await definition.setup(base) : undefined) as State;

  const record = (port: string, value: unknown, run: number, into: Record<string, unknown>) => {
    const decl = (definition.outputs as OutputDecls)[port];
    if (!decl) throw new Error(`${definition.type} emitted on unknown output "${port}"`);
    if (decl.type === 'frame' || decl.type === 'image') {
      const frame = value as Frame;
      if (frame.encoding === 'raw') assertRawFrame(frame, `output ${port}`);
      else if (frame.encoding === 'yuv420') assertI420Frame(frame, `output ${port}`);
    }
    emissions.push({ port, value, run });
    into[port] = value;
  };

  const invoke = async (trigger: (keyof I & string) | undefined, tick: number): Promise<OutputValues<O>> => {
    if (disposed) throw new Error(`${definition.type} harness is disposed`);
    const run = ++runs;
    const outputs: Record<string, unknown> = {};
    const triggerValue = trigger === undefined ? undefined : latest[trigger];
    const messageId =
      triggerValue && typeof triggerValue === 'object' && 'id' in triggerValue ? String(triggerValue.id) : `${nodeId}#${trigger === undefined ? tick : run}`;
    const ctx: RunContext<S, State, I, O> = {
      ...base,
      state,
      trigger,
      inputs: { ...latest },
      messageId,
      tick,
      emit: (port, value) => record(port, value, run, outputs),
    };
    try {
      const returned = await definition.run(ctx);
      for (const [port, value] of Object.entries(returned ?? {})) if (value !== undefined) record(port, value, run, outputs);
      return outputs as OutputValues<O>;
    } catch (err) {
      errors.push(err);
      throw err;
    } finally {
      if (options.scribbleInputs && triggerValue && typeof triggerValue === 'object' && 'data' in triggerValue) {
        (triggerValue as Frame).data.fill(0xa5);
      }
    }
  };

  const isTrigger = (port: string) => (definition.inputs as InputDecls)[port]?.trigger !== false;
  const checkInput = (port: string) => {
    if (!(port in definition.inputs)) throw new Error(`${definition.type} has no input "${port}"`);
  };

  return {
    definition,
    config,
    state,
    frames,
    emissions,
    statuses,
    logs,
    errors,
    get status() {
      return statuses[statuses.length - 1];
    },
    get ticks() {
      return ticks;
    },
    get runs() {
      return runs;
    },
    async send(port, value) {
      checkInput(port);
      latest[port] = value;
      return isTrigger(port) ? invoke(port, 0) : ({} as OutputValues<O>);
    },
    async run(values = {}, runOptions = {}) {
      for (const [port, value] of Object.entries(values)) {
        checkInput(port);
        latest[port as keyof I] = value as InputValues<I>[keyof I];
      }
      const trigger = runOptions.trigger ?? (Object.keys(values).find(isTrigger) as (keyof I & string) | undefined);
      if (trigger === undefined && !definition.source) throw new Error(`${definition.type}: run needs a value on a triggering input`);
      return invoke(trigger, 0);
    },
    async tick() {
      if (!definition.source) throw new Error(`${definition.type} is not a source`);
      return invoke(undefined, ticks++);
    },
    outputs(port) {
      return emissions.filter((e) => e.port === port).map((e) => e.value) as never;
    },
    last(port) {
      for (let i = emissions.length - 1; i >= 0; i--) if (emissions[i].port === port) return emissions[i].value as never;
      return undefined;
    },
    clear() {
      emissions.length = 0;
      statuses.length = 0;
      logs.length = 0;
      errors.length = 0;
    },
    async dispose() {
      if (disposed) return;
      disposed = true;
      abort.abort();
      await definition.dispose?.({ ...base, state });
    },
  };
}
