import type { AssetResult, PrecomputeOutcome, VariationSpec } from './results.ts';
import { NodeStatsCollector } from './node-stats.ts';

/** Told the asset the frame path should show now, right after a select or an applied result. */
export type AssetListener = (asset: AssetResult) => void;

/** What the service remembers per node: what it shows now, its variations, its stats. */
export class NodeState {
  /** The asset the frame path shows for this node. */
  current: AssetResult | undefined;
  variations: (AssetResult | undefined)[] = [];
  /** What was asked for each variation and how it went, for listings in the editor. */
  variationSpecs: VariationSpec[] = [];
  outcomes: (PrecomputeOutcome | undefined)[] = [];
  readonly listeners = new Set<AssetListener>();
  activeIndex: number | undefined;
  /** Bumped by every ensure and select, so a slow result never overrides a newer choice. */
  generation = 0;
  readonly stats: NodeStatsCollector;

  constructor(nodeKey: string) {
    this.stats = new NodeStatsCollector(nodeKey);
  }

  /** Sets what the frame path shows and tells the listeners at once (sources emit without waiting for a tick). */
  show(asset: AssetResult): void {
    this.current = asset;
    for (const listener of this.listeners) listener(asset);
  }

  /** The best stand-in when a call is refused or fails: what is showing, else any variation. */
  fallback(): AssetResult | undefined {
    return this.current ?? this.variations.find((v) => v !== undefined);
  }
}
