/** Readout for one generative node. */
export interface NodeStats {
  nodeKey: string;
  hits: number;
  misses: number;
  /** hits / (hits + misses), 0 when there were no lookups. */
  hitRate: number;
  /** Hits that joined an identical call already in flight instead of calling the provider. */
  coalesced: number;
  providerCalls: number;
  providerLatencyP50Ms: number | null;
  spendCents: number;
  fallbacks: number;
  refusals: number;
  errors: number;
}

const LATENCY_SAMPLES = 256;

export class NodeStatsCollector {
  readonly #nodeKey: string;
  hits = 0;
  misses = 0;
  coalesced = 0;
  providerCalls = 0;
  spendCents = 0;
  fallbacks = 0;
  refusals = 0;
  errors = 0;
  /** Ring of the latest provider latencies: p50 of recent calls, bounded memory. */
  readonly #latencies: number[] = [];
  #next = 0;

  constructor(nodeKey: string) {
    this.#nodeKey = nodeKey;
  }

  recordProviderCall(latencyMs: number, costCents: number): void {
    this.providerCalls++;
    this.spendCents += costCents;
    if (this.#latencies.length < LATENCY_SAMPLES) this.#latencies.push(latencyMs);
    else this.#latencies[this.#next] = latencyMs;
    this.#next = (this.#next + 1) % LATENCY_SAMPLES;
  }

  snapshot(): NodeStats {
    const lookups = this.hits + this.misses;
    return {
      nodeKey: this.#nodeKey,
      hits: this.hits,
      misses: this.misses,
      hitRate: lookups ? this.hits / lookups : 0,
      coalesced: this.coalesced,
      providerCalls: this.providerCalls,
      providerLatencyP50Ms: median(this.#latencies),
      spendCents: this.spendCents,
      fallbacks: this.fallbacks,
      refusals: this.refusals,
      errors: this.errors,
    };
  }
}

function median(values: number[]): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
