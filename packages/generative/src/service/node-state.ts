import type { AssetResult } from './results.ts';
import { NodeStatsCollector } from './node-stats.ts';

/** What the service remembers per node: what it shows now, its variations, its stats. */
export class NodeState {
  /** The asset the frame path shows for this node. */
  current: AssetResult | undefined;
  variations: (AssetResult | undefined)[] = [];
  activeIndex: number | undefined;
  /** Bumped by every ensure and select, so a slow result never overrides a newer choice. */
  generation = 0;
  readonly stats: NodeStatsCollector;

  constructor(nodeKey: string) {
    this.stats = new NodeStatsCollector(nodeKey);
  }

  /** The best stand-in when a call is refused or fails: what is showing, else any variation. */
  fallback(): AssetResult | undefined {
    return this.current ?? this.variations.find((v) => v !== undefined);
  }
}
