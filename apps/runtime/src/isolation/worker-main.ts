import { parentPort, workerData } from 'node:worker_threads';
import { pathToFileURL } from 'node:url';
import { runContext, type AnyNodeDefinition, type Frame, type NodeServices, type StatusLevel } from '@showflow/nodes/sdk';
import { toWorkerError, type FromWorker, type ToWorker, type WorkerInit } from './protocol.ts';
import { SlotReceiver } from './frame-slots.ts';
import { shareValue } from './shared-frames.ts';

/**
 * Runs one node inside its worker thread: loads the package module, then does what the
 * runtime asks (setup, run, dispose) one message at a time. The node sees the same
 * `defineNode` context as in the runtime; `ctx.frames.alloc` hands out shared memory so
 * the frames it emits reach the runtime without a copy. Runtime services do not cross
 * the thread boundary: `ctx.services.get` finds nothing here.
 */
const init = workerData as WorkerInit;
const port = parentPort!;
const post = (message: FromWorker) => port.postMessage(message);
const now = () => performance.timeOrigin + performance.now();
const abort = new AbortController();
const noServices: NodeServices = { get: () => undefined };
// The codec (sharp, TurboJPEG) for `ctx.frames.raw` / `yuv`; imported once per worker at start.
const codec = () => import('../frames/codec.ts');
/** Buffers from `ctx.frames.alloc` not yet sent: once sent, the runtime's pool owns and recycles them. */
const allocated = new WeakSet<Uint8Array>();

function alloc(byteLength: number): Buffer {
  const buffer = Buffer.from(new SharedArrayBuffer(byteLength));
  allocated.add(buffer);
  return buffer;
}

/** Whether a value is a frame in a buffer this worker allocated and has not sent before. */
function takeFresh(value: unknown): boolean {
  const data = (value as { data?: unknown } | null)?.data;
  if (!(data instanceof Uint8Array) || !allocated.has(data)) return false;
  allocated.delete(data);
  return true;
}

async function loadDefinition(): Promise<AnyNodeDefinition> {
  const mod = (await import(pathToFileURL(init.module).href)) as { nodes?: unknown; default?: unknown };
  const exported = mod.nodes ?? mod.default;
  const list = (Array.isArray(exported) ? exported : [exported]) as AnyNodeDefinition[];
  const found = list.find((d) => d && typeof d === 'object' && d.type === init.type);
  if (!found) throw new Error(`${init.module} no longer exports ${init.type}`);
  return found;
}

const base = {
  nodeId: init.nodeId,
  pipelineId: init.pipelineId,
  config: init.config,
  frames: {
    alloc,
    raw: async (frame: Frame) => (frame.encoding === 'raw' ? frame : (await codec()).decodeFrame(frame)),
    yuv: async (frame: Frame) => (frame.encoding === 'yuv420' ? frame : (await codec()).decodeToI420(frame)),
  },
  log: {
    info: (message: string) => post({ op: 'log', level: 'info', message }),
    warn: (message: string) => post({ op: 'log', level: 'warn', message }),
    error: (message: string) => post({ op: 'log', level: 'error', message }),
  },
  setStatus: (level: StatusLevel, text: string) => post({ op: 'status', level, text }),
  now,
  signal: abort.signal,
  services: noServices,
};

let definition: AnyNodeDefinition | undefined;
let state: unknown;
let currentMessageId = '';
/**
 * The current run's input objects by port. An output that is one of them goes back as a
 * reference, so the runtime passes its own frame on (one pooled frame, counted references)
 * instead of a second frame over the same memory.
 */
const currentInputs = new Map<unknown, string>();
/** The shared buffers the runtime gave this worker, by slot. */
const slots = new SlotReceiver();
const emit = (portId: string, value: unknown) => {
  const same = value !== null && typeof value === 'object' ? currentInputs.get(value) : undefined;
  if (same !== undefined) post({ op: 'emit', port: portId, value: undefined, messageId: currentMessageId, same });
  else post({ op: 'emit', port: portId, value: shareValue(value), messageId: currentMessageId, fresh: takeFresh(value) });
};

function shareOutputs(outputs: unknown): { outputs?: Record<string, unknown>; fresh?: string[]; same?: Record<string, string> } {
  let fresh: string[] | undefined;
  let same: Record<string, string> | undefined;
  if (!outputs || typeof outputs !== 'object') return {};
  let out: Record<string, unknown> | undefined;
  for (const key in outputs as Record<string, unknown>) {
    const value = (outputs as Record<string, unknown>)[key];
    if (value === undefined) continue;
    const input = value !== null && typeof value === 'object' ? currentInputs.get(value) : undefined;
    if (input !== undefined) {
      (same ??= {})[key] = input;
      continue;
    }
    (out ??= {})[key] = shareValue(value);
    if (takeFresh(value)) (fresh ??= []).push(key);
  }
  return { outputs: out, fresh, same };
}

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';

function runFailed(id: number, err: unknown): void {
  const error = toWorkerError(err);
  // An output that structured clone refuses (a function, a class instance with private state).
  if ((err as Error)?.name === 'DataCloneError') error.code = 'SF217';
  post({ op: 'failed', id, error });
}

function runDone(id: number, result: unknown): void {
  try {
    const { outputs, fresh, same } = shareOutputs(result);
    // Only what is needed: a node passing its input on answers with a port name.
    const done: Extract<FromWorker, { op: 'done' }> = { op: 'done', id, outputs };
    if (fresh) done.fresh = fresh;
    if (same) done.same = same;
    post(done);
  } catch (err) {
    runFailed(id, err);
  }
}

/**
 * One run, synchronously when the node's run is: no promise turn per hop unless the node
 * itself returns a promise.
 */
function run(message: Extract<ToWorker, { op: 'run' }>): void {
  currentMessageId = message.messageId;
  currentInputs.clear();
  let result: unknown;
  try {
    const inputs = slots.decode(message);
    for (const port in inputs) if (inputs[port] !== null && typeof inputs[port] === 'object') currentInputs.set(inputs[port], port);
    result = definition!.run(runContext(base, { state, trigger: message.trigger, inputs, messageId: message.messageId, tick: message.tick, emit }));
  } catch (err) {
    runFailed(message.id, err);
    return;
  }
  if (isThenable(result)) result.then((value) => runDone(message.id, value), (err: unknown) => runFailed(message.id, err));
  else runDone(message.id, result);
}

async function handle(message: Exclude<ToWorker, { op: 'run' }>): Promise<void> {
  switch (message.op) {
    case 'setup':
      try {
        definition = await loadDefinition();
        // Loaded with the module, as part of the worker's start: a node's first decode must not
        // pay for it inside a watched run, and loading it later would take CPU from live runs.
        await codec();
        post({ op: 'loaded' });
        state = await definition.setup?.(base);
        post({ op: 'ready' });
      } catch (err) {
        post({ op: 'setup-failed', error: toWorkerError(err) });
      }
      return;
    case 'dispose':
      abort.abort();
      try {
        await definition?.dispose?.({ ...base, state });
      } finally {
        post({ op: 'disposed' });
      }
  }
}

port.on('message', (message: ToWorker) => {
  if (message.op === 'run') run(message);
  else void handle(message);
});
