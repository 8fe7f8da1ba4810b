import type { NodeMetrics, PipelineMetrics } from '@showflow/shared';
import { LatencyHistory, type LatencySample } from './latency-history.ts';

export type { LatencySample };

export interface PipelineReadout {
  version: number;
  at: number;
  endToEnd: PipelineMetrics['endToEnd'];
}

const WINDOW_MS = 60_000;
const MAX_SAMPLES = 240;

type Listener = () => void;

/**
 * Live metrics outside React. Each node, edge and the pipeline header subscribe to their
 * own key, and a key only notifies when what it shows changed, so one update re-renders
 * the badges whose numbers moved and nothing else on the canvas.
 */
export class MetricsStore {
  private readonly nodes = new Map<string, NodeMetrics>();
  private readonly edges = new Map<string, number>();
  private readonly history = new Map<string, LatencyHistory>();
  private pipeline: PipelineReadout | null = null;
  private readonly listeners = new Map<string, Set<Listener>>();

  push(update: PipelineMetrics): void {
    const changed: string[] = [];
    for (const m of update.nodes) {
      const prev = this.nodes.get(m.nodeId);
      if (!prev || !sameReadout(prev, m)) {
        this.nodes.set(m.nodeId, m);
        changed.push(`node:${m.nodeId}`);
      }
      if (m.processed > 0) {
        let h = this.history.get(m.nodeId);
        if (!h) this.history.set(m.nodeId, (h = new LatencyHistory(MAX_SAMPLES, WINDOW_MS)));
        h.push(update.at, m.p50, m.p95);
        if (this.listeners.has(`history:${m.nodeId}`)) changed.push(`history:${m.nodeId}`);
      }
    }
    // `for…in` rather than Object.entries: no pair array per edge on every update.
    for (const edgeId in update.edges) {
      const rate = update.edges[edgeId];
      if (this.edges.get(edgeId) !== rate) {
        this.edges.set(edgeId, rate);
        changed.push(`edge:${edgeId}`);
      }
    }
    const prev = this.pipeline;
    if (!prev || prev.version !== update.version || prev.endToEnd.p50 !== update.endToEnd.p50 || prev.endToEnd.p95 !== update.endToEnd.p95) {
      this.pipeline = { version: update.version, at: update.at, endToEnd: update.endToEnd };
      changed.push('pipeline');
    }
    for (const key of changed) this.listeners.get(key)?.forEach((l) => l());
  }

  /** Forgets everything (another pipeline was opened, or the runtime restarted). */
  clear(): void {
    const keys = [...this.listeners.keys()];
    this.nodes.clear();
    this.edges.clear();
    this.history.clear();
    this.pipeline = null;
    for (const key of keys) this.listeners.get(key)?.forEach((l) => l());
  }

  node = (id: string): NodeMetrics | undefined => this.nodes.get(id);
  edgeRate = (id: string): number | undefined => this.edges.get(id);
  latencyHistory = (id: string): readonly LatencySample[] => {
    return this.history.get(id)?.samples() ?? EMPTY;
  };
  pipelineReadout = (): PipelineReadout | null => this.pipeline;

  subscribe(key: string, listener: Listener): () => void {
    let set = this.listeners.get(key);
    if (!set) this.listeners.set(key, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (!set.size) this.listeners.delete(key);
    };
  }
}

const EMPTY: readonly LatencySample[] = [];

/** The fields a node badge shows; other counters changing does not re-render it. */
function sameReadout(a: NodeMetrics, b: NodeMetrics): boolean {
  return (
    a.p50 === b.p50 &&
    a.p95 === b.p95 &&
    a.fps === b.fps &&
    a.drops === b.drops &&
    a.errors === b.errors &&
    a.overruns === b.overruns &&
    a.budgetMs === b.budgetMs &&
    a.status.level === b.status.level &&
    a.status.text === b.status.text &&
    a.processed === b.processed
  );
}
