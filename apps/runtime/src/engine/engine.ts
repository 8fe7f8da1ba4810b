import { randomUUID } from 'node:crypto';
import { ShowflowError, type PipelineDocument, type PipelineMetrics, type PortType } from '@showflow/shared';
import { noServices, type NodeCatalog, type InputDecls, type OutputDecls, type NodeServices } from '@showflow/nodes/sdk';
import { FramePool, type FrameHandle } from '../frames/pool.ts';
import { encodeJpeg } from '../frames/codec.ts';
import { PipelineRecorder } from '../metrics/registry.ts';
import type { LogLevel } from '../env.ts';
import type { Logger } from '../log.ts';
import { addBinder, registerTypes, removeBinder, type CompiledNodeConfig, type NodeBinding, type NodeRedNode, type WireMessage } from './adapter.ts';
import { compilePipeline } from './compile.ts';
import { EmbeddedNodeRed } from './node-red.ts';
import { NodeHost, type OutgoingValue } from './node-host.ts';
import { PortTaps, type PortTapOptions, type TapReading } from './port-tap.ts';
import { containProcessErrors, uncaughtCount } from './process-guard.ts';
import { PackageCatalog } from '../packages/package-catalog.ts';
import { defaultIsolationLimits, isolatedDefinition, StartCrashJournal, type IsolatedNode, type IsolationLimits } from '../isolation/index.ts';
import { pausedRecorder, safeModeReason, type PausedPipeline, type PipelineState } from './safe-mode.ts';

export interface EngineOptions {
  catalog: NodeCatalog;
  log: Logger;
  logLevel?: LogLevel;
  /** Frames/images that may wait per node before the oldest is dropped. */
  inboxCapacity?: number;
  /** Stop each source after this many runs (headless `showflow run`). */
  sourceLimit?: number;
  pool?: FramePool;
  /** What nodes find through `ctx.services.get(name)`. */
  services?: NodeServices;
  /**
   * Node-package types run in worker threads (default). `enabled: false` runs them in the
   * runtime's thread, as built-ins do (for comparison only). The journal keeps crashes at
   * start across restarts; without one they are remembered in memory.
   */
  isolation?: { enabled?: boolean; journal?: StartCrashJournal; limits?: Partial<IsolationLimits> };
  /** Ring size and idle timeout of the inspector's port taps. */
  taps?: PortTapOptions;
}

/** An isolated node as health reports it. */
export interface IsolatedNodeReport {
  pipelineId: string;
  nodeId: string;
  package: string;
  state: IsolatedNode['state'];
  restarts: number;
}

export interface PreviewImage {
  seq: number;
  captureTs: number;
  width: number;
  height: number;
  mime: 'image/jpeg';
  data: Buffer;
}

interface PipelineRun {
  id: string;
  version: number;
  order: string[];
  recorder: PipelineRecorder;
  hosts: Map<string, NodeHost>;
  previews: Map<string, FrameHandle>;
  sourceRuns: Map<string, number>;
  isolated: Map<string, { node: IsolatedNode; package: string }>;
}

/**
 * Runs deployed pipeline versions inside the embedded Node-RED and owns what lives
 * around them: the frame pool, node hosts, metrics and preview frames.
 */
export class Engine {
  readonly id = randomUUID();
  readonly pool: FramePool;
  private readonly runs = new Map<string, PipelineRun>();
  /** What node outputs send, recorded only while the inspector reads them. */
  readonly taps: PortTaps;
  private readonly paused = new Map<string, PausedPipeline>();
  private readonly journal: StartCrashJournal;
  private readonly limits: IsolationLimits;
  private readonly starting = new Set<Promise<void>>();
  private inflight = 0;
  private closed = false;
  private previewCache: { handle: FrameHandle; jpeg: Promise<Buffer> } | undefined;
  /** Opens when every node of the deploy in progress is set up; sources it starts wait for it. */
  private sourceGate: Promise<void> | undefined;

  private constructor(
    private readonly nr: EmbeddedNodeRed,
    private readonly o: EngineOptions,
  ) {
    this.pool = o.pool ?? new FramePool();
    this.taps = new PortTaps(o.taps);
    this.journal = o.isolation?.journal ?? new StartCrashJournal(undefined);
    this.limits = { ...defaultIsolationLimits, ...o.isolation?.limits };
    addBinder(this.id, (node, config) => this.bind(node, config));
  }

  static async create(options: EngineOptions): Promise<Engine> {
    containProcessErrors(options.log);
    const nr = await EmbeddedNodeRed.get(options.logLevel ?? 'warn', options.log);
    return new Engine(nr, options);
  }

  /** Uncaught asynchronous errors contained in this process (SF206). */
  get uncaughtErrors(): number {
    return uncaughtCount();
  }

  /**
   * Hot-swaps a pipeline to `document` as `version`. Unchanged nodes keep running with
   * their state; changed and new nodes are (re)started and their setup awaited.
   * `full` restarts every node (Node-RED's full deploy), for comparison and recovery.
   */
  async deploy(document: PipelineDocument, version: number, mode: 'partial' | 'full' = 'partial'): Promise<void> {
    if (this.closed) throw new ShowflowError('SF304', 'the runtime is shutting down');
    const compiled = compilePipeline(document, this.o.catalog, this.id);
    // A pipeline that is not running yet does not start with a package in safe mode.
    const blocked = this.runs.has(document.id) ? [] : this.safeModePackages(document);
    if (blocked.length) {
      this.paused.set(document.id, { document, version, packages: blocked, recorder: pausedRecorder(document, version, blocked, this.o.catalog) });
      this.o.log.warn(`${safeModeReason(blocked)}: pipeline ${document.id} v${version} starts paused`);
      return;
    }
    this.paused.delete(document.id);
    registerTypes(this.nr, new Set(compiled.nodes.map((n) => n.type)));
    let run = this.runs.get(document.id);
    if (!run) {
      run = {
        id: document.id,
        version,
        order: [],
        recorder: new PipelineRecorder(document.id, version),
        hosts: new Map(),
        previews: new Map(),
        sourceRuns: new Map(),
        isolated: new Map(),
      };
      this.runs.set(document.id, run);
    }
    run.version = version;
    run.recorder.version = version;
    run.order = document.nodes.map((n) => n.id);
    let openGate!: () => void;
    const gate = new Promise<void>((resolve) => (openGate = resolve));
    this.sourceGate = gate;
    try {
      await this.nr.setGroup(document.id, [compiled.tab, ...compiled.nodes], mode === 'full' ? 'full' : 'nodes');
      await Promise.all([...this.starting]);
    } finally {
      if (this.sourceGate === gate) this.sourceGate = undefined;
      openGate();
    }
    const nodeIds = new Set(run.order);
    run.recorder.retain(nodeIds, new Set(document.edges.map((e) => e.id)));
    this.taps.retain(document.id, nodeIds);
    for (const [nodeId, handle] of run.previews) {
      if (!nodeIds.has(nodeId)) {
        run.previews.delete(nodeId);
        this.pool.release(handle);
      }
    }
  }

  /** Stops a pipeline: every node closed, every frame reference it held released. */
  async stop(pipelineId: string): Promise<void> {
    this.paused.delete(pipelineId);
    const run = this.runs.get(pipelineId);
    if (!run) return;
    await this.nr.setGroup(pipelineId, undefined);
    await this.settled();
    // Messages already queued by Node-RED reach the closed nodes on the next turns and give their references back.
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    for (const handle of run.previews.values()) this.pool.release(handle);
    run.previews.clear();
    this.taps.retain(pipelineId);
    this.runs.delete(pipelineId);
  }

  /**
   * Starts a pipeline that safe mode held paused: its packages' crashes at start are
   * forgiven and the version it was given runs.
   */
  async resume(pipelineId: string): Promise<{ version: number }> {
    const paused = this.paused.get(pipelineId);
    if (!paused) throw new ShowflowError('SF304', `pipeline ${pipelineId} is not paused`);
    for (const p of paused.packages) this.journal.forgive(p.package);
    this.paused.delete(pipelineId);
    await this.deploy(paused.document, paused.version);
    return { version: paused.version };
  }

  /** Whether a pipeline runs, waits paused by safe mode (and why), or is not deployed. */
  state(pipelineId: string): PipelineState {
    const run = this.runs.get(pipelineId);
    if (run) return { state: 'running', version: run.version };
    const paused = this.paused.get(pipelineId);
    if (paused) return { state: 'paused', version: paused.version, reason: { code: 'SF216', message: safeModeReason(paused.packages), packages: paused.packages } };
    return { state: 'stopped' };
  }

  /**
   * Packages in safe mode and how many pipelines they hold paused, for health (which is
   * public: names and codes only; `state(pipelineId)` has the full reason).
   */
  safeMode(): { packages: { package: string; crashes: number; code: string; at: string }[]; pausedPipelines: number } {
    return {
      packages: this.journal.safeMode().map(({ package: pkg, crashes, code, at }) => ({ package: pkg, crashes, code, at })),
      pausedPipelines: this.paused.size,
    };
  }

  /** Every node running in a worker, with its state and restarts. */
  isolatedNodes(): IsolatedNodeReport[] {
    return [...this.runs.values()].flatMap((run) =>
      [...run.isolated].map(([nodeId, i]) => ({ pipelineId: run.id, nodeId, package: i.package, state: i.node.state, restarts: i.node.restarts })),
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.paused.clear();
    for (const id of [...this.runs.keys()]) await this.stop(id);
    this.taps.closeAll();
    this.closed = true;
    removeBinder(this.id);
  }

  running(): { pipelineId: string; version: number }[] {
    return [...this.runs.values()].map((r) => ({ pipelineId: r.id, version: r.version }));
  }

  metrics(pipelineId: string): PipelineMetrics | null {
    const run = this.runs.get(pipelineId);
    if (run) return run.recorder.snapshot(run.order);
    const paused = this.paused.get(pipelineId);
    return paused ? paused.recorder.snapshot(paused.document.nodes.map((n) => n.id)) : null;
  }

  /** Source runs so far per source node (headless runs stop when each reaches the limit). */
  sourceRuns(pipelineId: string): Map<string, number> {
    return new Map(this.runs.get(pipelineId)?.sourceRuns);
  }

  /** True when no message is in flight and no node is running or has work queued. */
  idle(pipelineId: string): boolean {
    const run = this.runs.get(pipelineId);
    if (!run) return true;
    if (this.inflight > 0) return false;
    for (const host of run.hosts.values()) if (host.busy) return false;
    return true;
  }

  /** The latest frame a node produced, as JPEG. */
  async preview(pipelineId: string, nodeId: string): Promise<PreviewImage | null> {
    const handle = this.runs.get(pipelineId)?.previews.get(nodeId);
    if (handle === undefined) return null;
    const frame = this.pool.get(handle);
    if (this.previewCache?.handle !== handle) {
      // Held while encoding: the node may replace its preview (and the buffer be recycled) meanwhile.
      this.pool.retain(handle);
      const jpeg = encodeJpeg(frame).finally(() => this.pool.release(handle));
      this.previewCache = { handle, jpeg };
    }
    const data = await this.previewCache.jpeg;
    return { seq: frame.seq, captureTs: frame.captureTs, width: frame.width, height: frame.height, mime: 'image/jpeg', data };
  }

  /** What a running node's outputs sent lately; opens its tap (closed again when nobody reads it). */
  tap(pipelineId: string, nodeId: string): TapReading | null {
    if (!this.runs.get(pipelineId)?.hosts.has(nodeId)) return null;
    return this.taps.read(pipelineId, nodeId) ?? null;
  }

  /** Packages in safe mode that this document uses. */
  private safeModePackages(document: PipelineDocument) {
    if (!(this.o.catalog instanceof PackageCatalog)) return [];
    const catalog = this.o.catalog;
    const packages = new Set(document.nodes.flatMap((n) => catalog.origin(n.type)?.package ?? []));
    return [...packages].flatMap((p) => this.journal.inSafeMode(p) ?? []);
  }

  private async settled(): Promise<void> {
    await Promise.all([...this.starting]);
  }

  private bind(node: NodeRedNode, config: CompiledNodeConfig): NodeBinding {
    const { pipelineId, nodeId } = config.sf;
    const run = this.runs.get(pipelineId);
    let def = this.o.catalog.definition(config.type);
    if (!run || !def) throw new Error(`node ${config.id} does not belong to a deploying pipeline`);
    const recorder = run.recorder.node(nodeId, def.type, def.budgetMs);
    const origin = this.o.isolation?.enabled !== false && this.o.catalog instanceof PackageCatalog ? this.o.catalog.origin(config.type) : undefined;
    if (origin) {
      const log = this.o.log.child(`${pipelineId}/${nodeId}`);
      def = isolatedDefinition(def, origin, {
        limits: this.limits,
        fault: (error, restarting) => {
          recorder.recordError({ code: error.code, message: error.message, at: Date.now() });
          recorder.status = { level: 'error', text: `${error.code} ${error.message}${restarting ? ' (restarting)' : ''}`.slice(0, 200) };
          log.warn(`${error.code} ${pipelineId}/${nodeId}: ${error.message}`);
        },
        startCrash: (error) => this.journal.record(origin.package, error),
        stable: () => this.journal.forgive(origin.package),
        claim: (buffer) => this.pool.claim(buffer),
        created: (node) => run.isolated.set(nodeId, { node, package: origin.package }),
      });
    }
    const limit = def.source && isMediaSource(def) ? this.o.sourceLimit : undefined;
    const outputs = Object.entries(def.outputs as OutputDecls).map(([id, p]) => ({ id, type: p.type as PortType }));
    const tapSlot = this.taps.slot(pipelineId, nodeId, new Map(outputs.map((p) => [p.id, p.type])));
    const host = new NodeHost({
      pipelineId,
      nodeId,
      definition: def,
      config: config.sf.config,
      inputs: Object.entries(def.inputs as InputDecls).map(([id, p]) => ({ id, type: p.type as PortType, trigger: p.trigger !== false })),
      outputs,
      pool: this.pool,
      recorder,
      pipeline: run.recorder,
      inboxCapacity: this.o.inboxCapacity ?? 3,
      isSink: def.category === 'output',
      log: this.o.log.child(`${pipelineId}/${nodeId}`),
      services: this.o.services ?? noServices,
      ...(limit !== undefined ? { sourceLimit: limit } : {}),
      ...(this.sourceGate ? { sourceGate: this.sourceGate } : {}),
      onSourceRun: () => run.sourceRuns.set(nodeId, (run.sourceRuns.get(nodeId) ?? 0) + 1),
      send: (out) => {
        // Before the wires are looked at: an unwired probe output is still worth watching.
        if (tapSlot.tap) tapSlot.tap.record(out.port, out.value, out.frame !== undefined ? this.pool.get(out.frame) : undefined);
        this.send(node, config, out);
      },
      preview: (handle) => {
        this.pool.retain(handle);
        const previous = run.previews.get(nodeId);
        run.previews.set(nodeId, handle);
        if (previous !== undefined) this.pool.release(previous);
      },
    });
    run.hosts.set(nodeId, host);
    const started = host.start();
    this.starting.add(started);
    void started.finally(() => this.starting.delete(started));

    return {
      delivering: (msg) => {
        this.inflight++;
        if (msg.sf.frame !== undefined) this.pool.retain(msg.sf.frame);
      },
      receive: (msg) => {
        this.inflight--;
        this.receive(host, config, msg);
      },
      close: async () => {
        await host.stop();
        if (run.hosts.get(nodeId) === host) {
          run.hosts.delete(nodeId);
          run.isolated.delete(nodeId);
        }
      },
    };
  }

  private send(node: NodeRedNode, config: CompiledNodeConfig, out: OutgoingValue): void {
    const index = config.sf.outputs.indexOf(out.port);
    if (index < 0 || !node.wires[index]?.length) return;
    const sf: WireMessage['sf'] = { from: config.sf.nodeId, port: out.port, id: out.messageId };
    if (out.frame !== undefined) sf.frame = out.frame;
    else sf.value = out.value;
    const message: WireMessage = { _msgid: out.messageId, sf };
    // A node with one output sends the bare message: Node-RED's single-wire fast path.
    if (config.sf.outputs.length === 1) {
      node.send(message);
      return;
    }
    const msgs: (WireMessage | null)[] = config.sf.outputs.map(() => null);
    msgs[index] = message;
    node.send(msgs);
  }

  private receive(host: NodeHost, config: CompiledNodeConfig, msg: WireMessage): void {
    const { frame, from, port, id } = msg.sf;
    const targets = config.sf.inputs[`${from}:${port}`] ?? [];
    if (targets.length === 0) {
      if (frame !== undefined) this.pool.release(frame);
      return;
    }
    // One delivery reference came with the message; each further input port needs its own.
    if (frame !== undefined && targets.length > 1) this.pool.retain(frame, targets.length - 1);
    const value = frame !== undefined && this.pool.has(frame) ? this.pool.get(frame) : msg.sf.value;
    for (const target of targets) host.receive(target.port, value, frame, id, target.edge);
  }
}

/**
 * Sources of media — video frames or audio blocks — set the length of a headless run (N
 * ticks each: N frames, or N blocks of audio); sources of stills (overlays re-sent every
 * few hundred ms) keep going until the media is done.
 */
export function isMediaSource(def: { source?: unknown; outputs: unknown }): boolean {
  return Boolean(def.source) && Object.values(def.outputs as OutputDecls).some((p) => p.type === 'frame' || p.type === 'audio');
}
