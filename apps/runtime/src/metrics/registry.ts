import type { NodeMetrics, NodeStatus, PipelineMetrics } from '@showflow/shared';
import { RateMeter, SlidingHistogram } from './histogram.ts';

export interface NodeErrorRecord {
  code: string;
  message: string;
  at: number;
  messageId?: string;
}

/** Counters and latency of one node. Lives as long as the node id stays in the pipeline. */
export class NodeRecorder {
  readonly latency = new SlidingHistogram();
  readonly rate = new RateMeter();
  processed = 0;
  drops = 0;
  errors = 0;
  overruns = 0;
  status: NodeStatus = { level: 'idle', text: 'waiting' };
  lastError?: NodeErrorRecord;

  constructor(
    readonly nodeId: string,
    public type: string,
    public budgetMs: number,
  ) {}

  recordRun(ms: number, ok: boolean): void {
    this.latency.record(ms);
    this.rate.mark();
    if (ok) this.processed++;
    if (ms > this.budgetMs) this.overruns++;
  }

  recordError(error: NodeErrorRecord): void {
    this.errors++;
    this.lastError = error;
  }

  snapshot(): NodeMetrics {
    const { p50, p95, p99 } = this.latency.percentiles();
    return {
      nodeId: this.nodeId,
      type: this.type,
      p50,
      p95,
      p99,
      fps: this.rate.perSecond(),
      processed: this.processed,
      drops: this.drops,
      errors: this.errors,
      overruns: this.overruns,
      budgetMs: this.budgetMs,
      status: { ...this.status },
      ...(this.lastError ? { lastError: { ...this.lastError } } : {}),
    };
  }
}

/** Everything measured for one running pipeline: nodes, capture→sink latency, edge rates. */
export class PipelineRecorder {
  readonly nodes = new Map<string, NodeRecorder>();
  readonly endToEnd = new SlidingHistogram();
  readonly edges = new Map<string, RateMeter>();

  constructor(
    readonly pipelineId: string,
    public version: number,
  ) {}

  node(nodeId: string, type: string, budgetMs: number): NodeRecorder {
    let recorder = this.nodes.get(nodeId);
    if (!recorder) this.nodes.set(nodeId, (recorder = new NodeRecorder(nodeId, type, budgetMs)));
    recorder.type = type;
    recorder.budgetMs = budgetMs;
    return recorder;
  }

  markEdge(edgeId: string): void {
    let meter = this.edges.get(edgeId);
    if (!meter) this.edges.set(edgeId, (meter = new RateMeter()));
    meter.mark();
  }

  /** Forgets nodes and edges that are no longer in the deployed version. */
  retain(nodeIds: Set<string>, edgeIds: Set<string>): void {
    for (const id of this.nodes.keys()) if (!nodeIds.has(id)) this.nodes.delete(id);
    for (const id of this.edges.keys()) if (!edgeIds.has(id)) this.edges.delete(id);
    for (const id of edgeIds) if (!this.edges.has(id)) this.edges.set(id, new RateMeter());
  }

  snapshot(order: string[] = [...this.nodes.keys()]): PipelineMetrics {
    const e2e = this.endToEnd.percentiles();
    const edges: Record<string, number> = {};
    for (const [id, meter] of this.edges) edges[id] = meter.perSecond();
    return {
      pipelineId: this.pipelineId,
      version: this.version,
      at: Date.now(),
      endToEnd: { ...e2e, count: this.endToEnd.count },
      nodes: order.flatMap((id) => {
        const n = this.nodes.get(id);
        return n ? [n.snapshot()] : [];
      }),
      edges,
    };
  }
}
