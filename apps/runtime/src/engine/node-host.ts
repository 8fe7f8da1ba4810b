import { errorCatalog, ShowflowError, type ErrorCode, type PortType } from '@showflow/shared';
import { runContext, type AnyNodeDefinition, type Frame, type FrameAllocator, type NodeLogger, type NodeServices, type StatusLevel } from '@showflow/nodes/sdk';
import type { FrameHandle, FramePool } from '../frames/pool.ts';
import type { NodeRecorder, PipelineRecorder } from '../metrics/registry.ts';
import { Inbox, isDroppable, type InboxItem } from './inbox.ts';
import { DriftFreeTimer } from './timer.ts';

export interface HostInputPort {
  id: string;
  type: PortType;
  trigger: boolean;
}

export interface HostOutputPort {
  id: string;
  type: PortType;
}

/** What a host sends: a pooled frame handle or a plain value. */
export interface OutgoingValue {
  port: string;
  frame?: FrameHandle;
  value?: unknown;
  messageId: string;
}

export interface NodeHostOptions {
  pipelineId: string;
  nodeId: string;
  definition: AnyNodeDefinition;
  /** Parsed config: migrated, defaulted, validated. */
  config: Record<string, unknown>;
  inputs: HostInputPort[];
  outputs: HostOutputPort[];
  pool: FramePool;
  recorder: NodeRecorder;
  pipeline: PipelineRecorder;
  inboxCapacity: number;
  /** Delivers downstream; the caller's reference on `frame` stays the caller's. */
  send(out: OutgoingValue): void;
  /** Latest frame/image output of the node, for previews; retains its own reference. */
  preview(handle: FrameHandle): void;
  log: NodeLogger;
  services: NodeServices;
  /** True for nodes whose finished frames count as reaching the viewer (category `output`). */
  isSink: boolean;
  /** A source stops ticking after this many runs (headless runs of a fixed length). */
  sourceLimit?: number;
  /**
   * A source starts ticking only once this settles: when every node of its deploy is set
   * up, so the first frames do not pile up in front of a node still starting (an isolated
   * node's worker takes a second or so).
   */
  sourceGate?: Promise<void>;
  onSourceRun?(): void;
}

const now = () => performance.timeOrigin + performance.now();

/** Marks a run that finished without an error (`undefined` could be a thrown value). */
const NO_ERROR = Symbol('no error');

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
}

/**
 * Runs one node: setup once, then one `run` at a time from a bounded inbox (or from a
 * drift-corrected timer for sources), outputs sent from the return value and `emit`.
 * Every failure is caught here and counted with its code, node id and message id; the
 * node, its pipeline and the process keep going.
 */
export class NodeHost {
  private readonly inbox: Inbox;
  private readonly held = new Map<string, { value: unknown; handle?: FrameHandle }>();
  private readonly inputsById: Map<string, HostInputPort>;
  private readonly outputsById: Map<string, HostOutputPort>;
  private readonly abort = new AbortController();
  private readonly holdTriggerValues: boolean;
  private readonly previewInputs: boolean;
  private state: unknown;
  private ready = false;
  private failed = false;
  private stopped = false;
  private running: Promise<void> | undefined;
  private timer: DriftFreeTimer | undefined;
  private statusFromRuntime = true;
  private sourceRuns = 0;
  private lastLogAt = -Infinity;
  private readonly frames: FrameAllocator;
  // Built once: a closure per run costs allocation and GC on every hop.
  private readonly base: ReturnType<NodeHost['baseContext']>;
  private currentMessageId = '';
  private readonly emit = (port: string, value: unknown) => this.output(port, value, this.currentMessageId);
  private readonly afterRun = () => {
    this.running = undefined;
    this.pump();
  };


  constructor(private readonly o: NodeHostOptions) {
    this.inbox = new Inbox(o.inboxCapacity, (item) => {
      o.recorder.drops++;
      this.releaseItem(item);
    });
    this.inputsById = new Map(o.inputs.map((p) => [p.id, p]));
    this.outputsById = new Map(o.outputs.map((p) => [p.id, p]));
    // With one input there is no "other input" to remember, so the frame is not held past its run.
    this.holdTriggerValues = o.inputs.length > 1;
    // A sink (no frame output) previews what it last consumed, so "program out" has a picture.
    this.previewInputs = !o.outputs.some((p) => isDroppable(p.type));
    this.frames = { alloc: (n) => o.pool.alloc(n), raw: (f) => o.pool.raw(f), yuv: (f) => o.pool.yuv(f) };
    this.base = this.baseContext();
  }

  get nodeId(): string {
    return this.o.nodeId;
  }

  /** Running or holding queued work. */
  get busy(): boolean {
    return this.running !== undefined || this.inbox.size > 0;
  }

  async start(): Promise<void> {
    try {
      this.state = await this.o.definition.setup?.(this.base);
      this.ready = true;
      this.setRuntimeStatus('idle', 'waiting');
    } catch (err) {
      this.failed = true;
      this.recordError(err, undefined, 'SF204');
      this.inbox.clear();
      return;
    }
    if (this.stopped) return;
    // Not awaited: the deploy waits for this start, and the gate waits for the deploy.
    if (this.o.definition.source && this.o.sourceGate) void this.o.sourceGate.then(() => this.startSource());
    else this.startSource();
    this.pump();
  }

  private startSource(): void {
    const source = this.o.definition.source;
    if (!source || this.stopped) return;
    const interval = Math.max(1, Number(source.intervalMs(this.o.config)) || 1000);
    this.timer = new DriftFreeTimer(interval, (tick, skipped) => this.onTick(tick, skipped));
    this.timer.start();
  }

  /** A message arrived on an input port. A frame's reference now belongs to this host. */
  receive(port: string, value: unknown, handle: FrameHandle | undefined, messageId: string, edgeId?: string): void {
    const spec = this.inputsById.get(port);
    if (this.stopped || this.failed || !spec) {
      if (handle !== undefined) this.o.pool.release(handle);
      if (!this.stopped && spec) this.o.recorder.drops++;
      return;
    }
    if (edgeId) this.o.pipeline.markEdge(edgeId);
    if (!spec.trigger) {
      this.hold(port, value, handle);
      return;
    }
    this.inbox.push({ port, portType: spec.type, value, handle, messageId, edgeId });
    this.pump();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.timer?.stop();
    this.abort.abort();
    this.inbox.clear();
    await this.running?.catch(() => undefined);
    for (const port of [...this.held.keys()]) this.hold(port, undefined, undefined);
    if (this.ready) {
      try {
        await this.o.definition.dispose?.({ ...this.base, state: this.state });
      } catch (err) {
        this.recordError(err, undefined, 'SF205');
      }
    }
  }

  private onTick(tick: number, skipped: number): void {
    const lateTicksAreDrops = this.o.definition.source?.lateTicks !== 'skip';
    if (skipped > 0 && lateTicksAreDrops) this.o.recorder.drops += skipped;
    if (this.stopped) return;
    // A source never queues ticks: if the previous run is still going this tick is late news.
    if (this.running) {
      if (lateTicksAreDrops) this.o.recorder.drops++;
      return;
    }
    this.sourceRuns++;
    this.o.onSourceRun?.();
    if (this.o.sourceLimit !== undefined && this.sourceRuns >= this.o.sourceLimit) this.timer?.stop();
    const pending = this.execute(undefined, tick);
    if (pending) this.running = pending.then(this.afterRun);
    else this.pump();
  }

  /** Runs queued work; synchronous runs complete in this loop without a promise turn each. */
  private pump(): void {
    while (this.ready && !this.stopped && !this.running) {
      const item = this.inbox.shift();
      if (!item) return;
      const pending = this.execute(item, 0);
      if (pending) this.running = pending.then(this.afterRun);
    }
  }

  /**
   * One run. Returns a promise only when the node's `run` returned one: most nodes'
   * runs are synchronous or settle later, and skipping a promise turn per hop keeps the
   * per-hop overhead in microseconds.
   */
  private execute(item: InboxItem | undefined, tick: number): Promise<void> | undefined {
    const pool = this.o.pool;
    let runRefs: FrameHandle[] | undefined;
    if (item?.handle !== undefined) runRefs = [item.handle];
    if (item && this.holdTriggerValues) {
      if (item.handle !== undefined) pool.retain(item.handle);
      this.hold(item.port, item.value, item.handle);
    }
    const inputs: Record<string, unknown> = {};
    if (this.held.size > 0) for (const [port, held] of this.held) {
      inputs[port] = held.value;
      // The held value may be replaced while this run is still using it.
      if (held.handle !== undefined && port !== item?.port) {
        pool.retain(held.handle);
        (runRefs ??= []).push(held.handle);
      }
    }
    if (item) inputs[item.port] = item.value;
    const messageId = item?.messageId ?? `${this.o.nodeId}#${tick}`;
    this.currentMessageId = messageId;
    const started = performance.now();
    let result: unknown;
    try {
      result = this.o.definition.run(runContext(this.base, { state: this.state, trigger: item?.port, inputs, messageId, tick, emit: this.emit }));
    } catch (err) {
      this.finish(item, runRefs, started, messageId, err);
      return undefined;
    }
    if (isThenable(result)) {
      return Promise.resolve(result).then(
        (value) => this.complete(item, runRefs, started, messageId, value),
        (err: unknown) => this.finish(item, runRefs, started, messageId, err),
      );
    }
    this.complete(item, runRefs, started, messageId, result);
    return undefined;
  }

  private complete(item: InboxItem | undefined, runRefs: FrameHandle[] | undefined, started: number, messageId: string, result: unknown): void {
    try {
      if (result && typeof result === 'object') {
        const outputs = result as Record<string, unknown>;
        for (const port in outputs) if (outputs[port] !== undefined) this.output(port, outputs[port], messageId);
      }
    } catch (err) {
      this.finish(item, runRefs, started, messageId, err);
      return;
    }
    this.finish(item, runRefs, started, messageId, NO_ERROR);
  }

  /** Records the run (ok when `error` is NO_ERROR), feeds sink latency and previews, releases the run's references. */
  private finish(item: InboxItem | undefined, runRefs: FrameHandle[] | undefined, started: number, messageId: string, error: unknown): void {
    const ok = error === NO_ERROR;
    if (ok) {
      if (this.statusFromRuntime && this.o.recorder.status.level !== 'ok') this.setRuntimeStatus('ok', 'running');
    } else {
      this.recordError(error, messageId, 'SF201');
    }
    this.o.recorder.recordRun(performance.now() - started, ok);
    if (ok && this.o.isSink && item && isDroppable(item.portType)) {
      const captureTs = (item.value as Frame).captureTs;
      if (Number.isFinite(captureTs)) this.o.pipeline.endToEnd.record(now() - captureTs);
    }
    if (ok && this.previewInputs && item?.handle !== undefined) this.o.preview(item.handle);
    if (runRefs) for (const handle of runRefs) this.o.pool.release(handle);
  }

  private output(port: string, value: unknown, messageId: string): void {
    if (this.stopped) return;
    const spec = this.outputsById.get(port);
    if (!spec) throw new ShowflowError('SF201', `${this.o.nodeId} has no output "${port}"`);
    if (!isDroppable(spec.type)) {
      this.o.send({ port, value, messageId });
      return;
    }
    const frame = value as Frame;
    if (!frame || !Buffer.isBuffer(frame.data)) throw new ShowflowError('SF202', `${this.o.nodeId} emitted a ${spec.type} without data on ${port}`);
    const handle = this.o.pool.adopt(frame);
    try {
      this.o.preview(handle);
      this.o.send({ port, frame: handle, messageId: frame.id ?? messageId });
    } finally {
      this.o.pool.release(handle);
    }
  }

  private hold(port: string, value: unknown, handle: FrameHandle | undefined): void {
    const previous = this.held.get(port);
    if (value === undefined) this.held.delete(port);
    else this.held.set(port, { value, handle });
    if (previous?.handle !== undefined) this.o.pool.release(previous.handle);
  }

  private releaseItem(item: InboxItem): void {
    if (item.handle !== undefined) this.o.pool.release(item.handle);
  }

  private recordError(err: unknown, messageId: string | undefined, fallback: ErrorCode): void {
    const code = catalogueCode(err) ?? fallback;
    const message = err instanceof Error ? err.message : String(err);
    this.o.recorder.recordError({ code, message, at: Date.now(), ...(messageId ? { messageId } : {}) });
    this.o.recorder.status = { level: 'error', text: `${code} ${message}`.slice(0, 200) };
    this.statusFromRuntime = true;
    // One line per node every few seconds: a node failing on every frame must not flood the log.
    const at = performance.now();
    if (at - this.lastLogAt < 5000) return;
    this.lastLogAt = at;
    this.o.log.warn(`${code} ${this.o.pipelineId}/${this.o.nodeId}${messageId ? ` (${messageId})` : ''}: ${message}`);
  }

  private setRuntimeStatus(level: StatusLevel, text: string): void {
    this.o.recorder.status = { level, text };
  }

  private baseContext() {
    return {
      nodeId: this.o.nodeId,
      pipelineId: this.o.pipelineId,
      config: this.o.config,
      frames: this.frames,
      log: this.o.log,
      setStatus: (level: StatusLevel, text: string) => {
        this.statusFromRuntime = false;
        this.o.recorder.status = { level, text };
      },
      now,
      signal: this.abort.signal,
      services: this.o.services,
    };
  }
}

/** The error's own code when it is one of the catalogue's (e.g. SF202 for a corrupt frame). */
export function catalogueCode(err: unknown): ErrorCode | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code in errorCatalog ? (code as ErrorCode) : undefined;
}
