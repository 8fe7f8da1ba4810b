/**
 * Live thumbnails on canvas nodes, refreshed by one scheduler for the whole canvas so a big
 * graph cannot flood the runtime or the main thread: each node at most once per
 * `intervalMs`, at most `maxInFlight` requests at a time, only nodes on screen, and nothing
 * while the gate is shut (thumbnails off, pipeline not running, zoomed out too far).
 * Pictures go straight into the node's <img> (no React render per picture); each object URL
 * is revoked once the next picture has replaced it, or when the node goes.
 */

/** The newest picture of a node: null when it has none (not running, no frame yet, refused). */
export type FrameSource = (nodeId: string, signal: AbortSignal) => Promise<{ blob: Blob; seq: string | null } | null>;

/** The parts of an <img> the scheduler writes. */
export type ThumbnailTarget = Pick<HTMLImageElement, 'src' | 'hidden' | 'onload' | 'onerror' | 'removeAttribute'>;

export interface SchedulerOptions {
  source: FrameSource;
  /** Whether the running pipeline has this node (a node added since the deploy has no picture). */
  isLive(nodeId: string): boolean;
  intervalMs?: number;
  maxInFlight?: number;
  /** Wait after a refused or failed request before asking that node again. */
  retryMs?: number;
  now?: () => number;
  urls?: Pick<typeof URL, 'createObjectURL' | 'revokeObjectURL'>;
  timers?: { set(fn: () => void, ms: number): unknown; clear(handle: unknown): void };
}

interface Entry {
  target: ThumbnailTarget;
  visible: boolean;
  due: number;
  seq: string | null;
  url: string | null;
  /** URLs replaced before their successor loaded: revoked once a later picture is on screen. */
  stale: string[];
  request: AbortController | null;
}

export type Gate = 'enabled' | 'running' | 'zoom';

export class ThumbnailScheduler {
  private readonly entries = new Map<string, Entry>();
  private readonly gate: Record<Gate, boolean> = { enabled: true, running: false, zoom: true };
  private inFlight = 0;
  private timer: unknown = null;
  private readonly intervalMs: number;
  private readonly maxInFlight: number;
  private readonly retryMs: number;
  private readonly now: () => number;
  private readonly urls: NonNullable<SchedulerOptions['urls']>;
  private readonly timers: NonNullable<SchedulerOptions['timers']>;
  /** Pictures put on screen since the start (the benchmark and tests read it). */
  shown = 0;
  requests = 0;

  constructor(private readonly options: SchedulerOptions) {
    this.intervalMs = options.intervalMs ?? 500;
    this.maxInFlight = options.maxInFlight ?? 3;
    this.retryMs = options.retryMs ?? 2_000;
    this.now = options.now ?? (() => performance.now());
    this.urls = options.urls ?? URL;
    this.timers = options.timers ?? { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) };
  }

  /** Opens or shuts one condition of the gate; all three must be open for any request. */
  setGate(which: Gate, open: boolean): void {
    if (this.gate[which] === open) return;
    this.gate[which] = open;
    // Off or stopped: the old pictures would be stale, so they go. Zoomed out: CSS hides them, they stay.
    if (!open && which !== 'zoom') for (const e of this.entries.values()) this.clear(e);
    this.schedule();
  }

  attach(nodeId: string, target: ThumbnailTarget): () => void {
    this.detach(nodeId);
    target.hidden = true;
    this.entries.set(nodeId, { target, visible: false, due: 0, seq: null, url: null, stale: [], request: null });
    return () => {
      if (this.entries.get(nodeId)?.target === target) this.detach(nodeId);
    };
  }

  setVisible(nodeId: string, visible: boolean): void {
    const e = this.entries.get(nodeId);
    if (!e || e.visible === visible) return;
    e.visible = visible;
    if (!visible) this.abort(e);
    this.schedule();
  }

  dispose(): void {
    for (const id of [...this.entries.keys()]) this.detach(id);
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
  }

  private open(): boolean {
    return this.gate.enabled && this.gate.running && this.gate.zoom;
  }

  private detach(nodeId: string): void {
    const e = this.entries.get(nodeId);
    if (!e) return;
    this.entries.delete(nodeId);
    this.clear(e);
  }

  private abort(e: Entry): void {
    e.request?.abort();
    e.request = null;
  }

  private clear(e: Entry): void {
    this.abort(e);
    e.target.onload = null;
    e.target.onerror = null;
    e.target.hidden = true;
    e.target.removeAttribute('src');
    for (const url of e.stale) this.urls.revokeObjectURL(url);
    if (e.url) this.urls.revokeObjectURL(e.url);
    e.stale = [];
    e.url = null;
    e.seq = null;
    e.due = 0;
  }

  /** Runs the next round at the earliest due time of a node that may be asked. */
  private schedule(): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
    if (!this.open()) return;
    let next = Infinity;
    for (const e of this.entries.values()) if (e.visible && !e.request) next = Math.min(next, e.due);
    if (next === Infinity) return;
    this.timer = this.timers.set(() => {
      this.timer = null;
      this.round();
    }, Math.max(0, next - this.now()));
  }

  private round(): void {
    if (!this.open()) return;
    const now = this.now();
    // Longest-waiting first, so with many nodes on screen each gets its turn.
    const due = [...this.entries.entries()].filter(([, e]) => e.visible && !e.request && e.due <= now).sort((a, b) => a[1].due - b[1].due);
    for (const [nodeId, e] of due) {
      if (this.inFlight >= this.maxInFlight) break;
      if (!this.options.isLive(nodeId)) {
        e.due = now + this.retryMs;
        continue;
      }
      void this.refresh(nodeId, e);
    }
    this.schedule();
  }

  private async refresh(nodeId: string, e: Entry): Promise<void> {
    const request = new AbortController();
    e.request = request;
    this.inFlight++;
    this.requests++;
    let ok = false;
    try {
      const frame = await this.options.source(nodeId, request.signal);
      if (request.signal.aborted || this.entries.get(nodeId) !== e) return;
      ok = frame !== null;
      if (frame && frame.seq !== null && frame.seq === e.seq) return; // same picture: nothing to decode
      if (frame) this.show(e, frame.blob, frame.seq);
    } catch {
      // A failed request shows nothing new; the next try comes after retryMs.
    } finally {
      this.inFlight--;
      if (e.request === request) e.request = null;
      e.due = this.now() + (ok ? this.intervalMs : this.retryMs);
      this.schedule();
    }
  }

  private show(e: Entry, blob: Blob, seq: string | null): void {
    const url = this.urls.createObjectURL(blob);
    if (e.url) e.stale.push(e.url);
    e.url = url;
    e.seq = seq;
    const { target } = e;
    const dropStale = () => {
      for (const old of e.stale) this.urls.revokeObjectURL(old);
      e.stale = [];
    };
    target.onload = () => {
      dropStale();
      target.hidden = false;
      this.shown++;
    };
    target.onerror = () => {
      // Not a picture after all: show nothing rather than a broken image.
      dropStale();
      this.urls.revokeObjectURL(url);
      e.url = null;
      e.seq = null;
      target.hidden = true;
      e.due = this.now() + this.retryMs;
      this.schedule();
    };
    target.src = url;
  }
}
