/** Live readout of one node, as the runtime streams it and the editor draws it. */
export interface NodeMetrics {
  nodeId: string;
  type: string;
  /** Latency of one message through the node, milliseconds. */
  p50: number;
  p95: number;
  p99: number;
  /** Messages out per second over the last few seconds. */
  fps: number;
  processed: number;
  drops: number;
  errors: number;
  overruns: number;
  budgetMs: number;
  status: NodeStatus;
  lastError?: { code: string; message: string; at: number; messageId?: string };
}

export interface NodeStatus {
  level: 'ok' | 'warn' | 'error' | 'idle';
  text: string;
}

export interface PipelineMetrics {
  pipelineId: string;
  version: number;
  at: number;
  /** Capture → sink latency, milliseconds. */
  endToEnd: { p50: number; p95: number; p99: number; count: number };
  nodes: NodeMetrics[];
  /** Messages per second along each edge, keyed by edge id. */
  edges: Record<string, number>;
}

/**
 * What `metrics.live` sends when the pipeline it follows has nothing running here: once on
 * connecting to a stopped pipeline and once each time it stops, so a client knows it stopped
 * rather than guessing from silence. Readouts follow again when it runs.
 */
export interface PipelineStopped {
  pipelineId: string;
  at: number;
  stopped: true;
}

export type LiveMetricsMessage = PipelineMetrics | PipelineStopped;
