import { Worker } from 'node:worker_threads';
import { ShowflowError } from '@showflow/shared';
import type { StatusLevel } from '@showflow/nodes/sdk';
import { watchdogMs, type IsolationLimits } from './limits.ts';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.ts';
import { SlotSender } from './frame-slots.ts';
import { reviveValue, reviveValues } from './shared-frames.ts';
import { crashError, exitError, fromWorkerError } from './worker-errors.ts';

const entry = new URL('./worker-entry.mjs', import.meta.url);

export interface IsolatedNodeEvents {
  /** `same`: the value is the current run's input on that port, passed through. */
  emit(port: string, value: unknown, messageId: string, same?: string): void;
  /** A frame buffer the worker allocated and sent: the runtime's pool takes it over. */
  claim(buffer: Buffer): void;
  status(level: StatusLevel, text: string): void;
  log(level: 'info' | 'warn' | 'error', message: string): void;
  /** A crash, watchdog stop or giving up, outside the run that may also report it. */
  fault(error: ShowflowError, restarting: boolean): void;
  /** The worker ended soon after it became ready (or while starting). */
  startCrash(error: ShowflowError): void;
  /** The worker stayed up for the start window: earlier start crashes are forgiven. */
  stable(): void;
}

export interface RunResult {
  outputs: Record<string, unknown> | undefined;
  same: Record<string, string> | undefined;
}

export interface RunRequest {
  trigger: string | undefined;
  /** As the node host passes them: frames are sent to the worker by slot. */
  inputs: Record<string, unknown>;
  messageId: string;
  tick: number;
}

interface Waiter<T> {
  resolve(value: T): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout | undefined;
}

/**
 * One node in its own worker thread, supervised: setup within a time limit, every run
 * under a watchdog, the worker's exit, uncaught throw or heap exhaustion turned into a
 * coded error, and a restart with doubling backoff, until it crashes at start too often
 * (SF215). The runtime's thread never runs the node's code, so nothing it does can stop
 * the runtime or starve other nodes.
 */
export class IsolatedNode {
  /** Restarts after crashes or watchdog stops, since the node was deployed. */
  restarts = 0;
  private worker: Worker | undefined;
  private live = false;
  private everReady = false;
  private ready: Promise<void> = Promise.resolve();
  private setupWaiter: Waiter<void> | undefined;
  private runWaiter: (Waiter<RunResult> & { id: number; deadline: number }) | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private disposeWaiter: Waiter<void> | undefined;
  private readonly ended = new WeakSet<Worker>();
  private nextRunId = 1;
  private readyAt = 0;
  private consecutiveCrashes = 0;
  private startCrashes = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private cancelRestart: (() => void) | undefined;
  private stableTimer: NodeJS.Timeout | undefined;
  private stopping = false;
  private stopped = false;
  private gaveUp: ShowflowError | undefined;
  private readonly runLimitMs: number;
  /** Shared buffers the current worker was given, by slot. */
  private readonly slots = new SlotSender();

  constructor(
    private readonly init: WorkerInit,
    private readonly budgetMs: number,
    private readonly limits: IsolationLimits,
    private readonly events: IsolatedNodeEvents,
  ) {
    this.runLimitMs = watchdogMs(limits, budgetMs);
  }

  get state(): 'starting' | 'running' | 'restarting' | 'failed' | 'stopped' {
    if (this.stopping) return 'stopped';
    if (this.gaveUp) return 'failed';
    if (this.live) return 'running';
    return this.everReady ? 'restarting' : 'starting';
  }

  /** Starts the worker and runs setup; rejects with the node's error (SF210 on timeout). */
  start(): Promise<void> {
    this.ready = this.spawn();
    return this.ready;
  }

  run(request: RunRequest): Promise<RunResult> {
    if (this.gaveUp) return Promise.reject(this.gaveUp);
    if (!this.live) return this.ready.then(() => this.run(request));
    const worker = this.worker!;
    return new Promise((resolve, reject) => {
      const id = this.nextRunId++;
      // Checked by one watchdog interval per worker: a timer per run would cost more than the hop.
      this.runWaiter = { id, resolve, reject, timer: undefined, deadline: performance.now() + this.runLimitMs };
      try {
        this.post(worker, { op: 'run', id, trigger: request.trigger, messageId: request.messageId, tick: request.tick, ...this.slots.encode(request.inputs) });
      } catch (err) {
        this.runWaiter = undefined;
        // The buffers this message would have given the worker did not reach it.
        this.slots.forgetAll();
        reject(new ShowflowError('SF217', `an input cannot be passed to the node: ${(err as Error).message}`));
      }
    });
  }

  /** Disposes the node in its worker (bounded by the dispose timeout), then ends the worker. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.abandon();
    const worker = this.worker;
    if (!worker || this.ended.has(worker)) return;
    if (this.live) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.limits.disposeTimeoutMs);
        this.disposeWaiter = { resolve, reject: () => resolve(), timer };
        this.post(worker, { op: 'dispose' });
      });
    }
    this.ended.add(worker);
    this.live = false;
    clearInterval(this.watchdog);
    await worker.terminate();
  }

  /**
   * No more restarts: the node is being stopped. A worker still starting is ended and
   * its setup fails, so a deploy or shutdown never waits on it.
   */
  abandon(): void {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    clearTimeout(this.stableTimer);
    this.cancelRestart?.();
    if (!this.live && this.worker) this.end(this.worker, new ShowflowError('SF204', 'stopped before its setup finished'));
  }

  private spawn(): Promise<void> {
    const worker = new Worker(entry, {
      workerData: this.init,
      resourceLimits: { maxOldGenerationSizeMb: this.limits.maxOldGenerationSizeMb, maxYoungGenerationSizeMb: this.limits.maxYoungGenerationSizeMb },
      // The node's console output goes to the runtime's stdout/stderr as before.
      stdout: false,
      stderr: false,
    });
    this.worker = worker;
    this.live = false;
    this.slots.forgetAll();
    worker.on('message', (message: FromWorker) => this.onMessage(worker, message));
    worker.on('error', (err) => this.end(worker, crashError(err)));
    worker.on('exit', (code) => this.end(worker, exitError(code)));
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => this.end(worker, new ShowflowError('SF210', `the package module did not load within ${this.limits.loadTimeoutMs} ms; its worker was stopped`)),
        this.limits.loadTimeoutMs,
      );
      this.setupWaiter = { resolve, reject, timer };
      this.post(worker, { op: 'setup' });
    });
  }

  private post(worker: Worker, message: ToWorker): void {
    worker.postMessage(message);
  }

  private onMessage(worker: Worker, message: FromWorker): void {
    if (this.ended.has(worker)) return;
    switch (message.op) {
      case 'done':
      case 'failed': {
        const waiter = this.runWaiter;
        if (!waiter || waiter.id !== message.id) return;
        this.runWaiter = undefined;
        if (message.op === 'done') {
          const outputs = message.outputs && reviveValues(message.outputs);
          if (outputs && message.fresh) for (const port of message.fresh) this.claim(outputs[port]);
          waiter.resolve({ outputs, same: message.same });
        }
        else waiter.reject(fromWorkerError(message.error, 'SF201'));
        return;
      }
      case 'emit': {
        const value = reviveValue(message.value);
        if (message.fresh) this.claim(value);
        this.events.emit(message.port, value, message.messageId, message.same);
        return;
      }
      case 'status':
        this.events.status(message.level, message.text);
        return;
      case 'log':
        this.events.log(message.level, message.message);
        return;
      case 'loaded':
        // From here the clock is the node's own setup's.
        if (this.setupWaiter) {
          clearTimeout(this.setupWaiter.timer);
          this.setupWaiter.timer = setTimeout(
            () => this.end(worker, new ShowflowError('SF210', `setup did not finish within ${this.limits.setupTimeoutMs} ms; its worker was stopped`)),
            this.limits.setupTimeoutMs,
          );
        }
        return;
      case 'ready':
        this.onReady();
        return;
      case 'setup-failed':
        this.end(worker, fromWorkerError(message.error, 'SF204') as ShowflowError, false);
        return;
      case 'disposed':
        if (this.disposeWaiter) {
          clearTimeout(this.disposeWaiter.timer);
          this.disposeWaiter.resolve();
          this.disposeWaiter = undefined;
        }
    }
  }

  private claim(value: unknown): void {
    const data = (value as { data?: unknown } | null)?.data;
    if (Buffer.isBuffer(data)) this.events.claim(data);
  }

  private onReady(): void {
    const waiter = this.setupWaiter;
    this.setupWaiter = undefined;
    if (waiter) clearTimeout(waiter.timer);
    const worker = this.worker!;
    clearInterval(this.watchdog);
    this.watchdog = setInterval(() => {
      const run = this.runWaiter;
      if (run && performance.now() > run.deadline) this.end(worker, new ShowflowError('SF211', `a run took over ${this.runLimitMs} ms (budget ${this.budgetMs} ms); its worker was stopped`));
    }, Math.max(20, this.runLimitMs / 4));
    this.watchdog.unref();
    this.live = true;
    this.everReady = true;
    this.readyAt = performance.now();
    clearTimeout(this.stableTimer);
    this.stableTimer = setTimeout(() => {
      this.consecutiveCrashes = 0;
      this.startCrashes = 0;
      this.events.stable();
    }, this.limits.startWindowMs);
    this.stableTimer.unref();
    waiter?.resolve();
  }

  /**
   * The worker is done for: it crashed, a limit stopped it, or its setup threw (`crash`
   * false). Whatever waited on it fails with the error; the node restarts unless it is
   * being stopped, never became ready, or crashed at start too often.
   */
  private end(worker: Worker, error: ShowflowError, crash = true): void {
    if (this.ended.has(worker)) return;
    this.ended.add(worker);
    void worker.terminate();
    const wasLive = this.live;
    if (worker === this.worker) {
      this.live = false;
      clearInterval(this.watchdog);
    }
    clearTimeout(this.stableTimer);
    const setup = this.setupWaiter;
    this.setupWaiter = undefined;
    if (setup) clearTimeout(setup.timer);
    const run = this.runWaiter;
    this.runWaiter = undefined;
    this.disposeWaiter?.resolve();
    this.disposeWaiter = undefined;
    if (this.stopping) {
      setup?.reject(error);
      run?.reject(error);
      return;
    }
    const atStart = !wasLive || performance.now() - this.readyAt < this.limits.startWindowMs;
    // Once the node has run, a setup that fails on restart is a crash at start as well.
    if ((crash || this.everReady) && atStart) {
      this.startCrashes++;
      this.events.startCrash(error);
    }
    if (!this.everReady) {
      // The first start failed: the node shows its setup error and is not retried until redeployed.
      this.gaveUp = error;
      setup?.reject(error);
      return;
    }
    this.consecutiveCrashes++;
    if (this.startCrashes >= this.limits.maxStartCrashes) {
      this.gaveUp = new ShowflowError('SF215', `crashed ${this.startCrashes}× right after starting; no longer restarted (last: ${error.code} ${error.message})`);
      this.events.fault(error, false);
      this.events.fault(this.gaveUp, false);
      setup?.reject(this.gaveUp);
      run?.reject(error);
      return;
    }
    // A crash in a run is that run's error; the fault line covers crashes between runs.
    if (!run) this.events.fault(error, true);
    run?.reject(error);
    setup?.reject(error);
    this.restarts++;
    const delay = Math.min(this.limits.restartBackoffMs * 2 ** (this.consecutiveCrashes - 1), this.limits.maxBackoffMs);
    this.ready = new Promise<void>((resolve, reject) => {
      this.restartTimer = setTimeout(() => this.spawn().then(resolve, reject), delay);
      this.cancelRestart = () => reject(new ShowflowError('SF204', 'stopped while waiting to restart'));
    });
    // Runs waiting on a restart that fails get its error; nothing else listens.
    this.ready.catch(() => undefined);
  }
}
