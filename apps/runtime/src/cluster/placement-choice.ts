/** What one instance sees in one placement pass: enough for every instance to reach the same choice. */
export interface PlacementView {
  /** This instance. */
  me: string;
  /** Instances alive now (their load is advertised); this one is always counted. */
  live: readonly string[];
  /** Every deployed pipeline with the instance holding its lease, or undefined when the lease is free. */
  owners: Map<string, string | undefined>;
  /** When this instance first saw each free pipeline free (performance.now() time). */
  freeSince: Map<string, number>;
  now: number;
  /** A pipeline free this long is taken by anyone: its chosen instance is slow or gone. */
  graceMs: number;
}

/** Pipelines held per live instance (leases held by instances no longer alive do not count). */
export function loads(view: Pick<PlacementView, 'me' | 'live' | 'owners'>): Map<string, number> {
  const counts = new Map<string, number>([[view.me, 0]]);
  for (const id of view.live) counts.set(id, 0);
  for (const owner of view.owners.values()) if (owner !== undefined && counts.has(owner)) counts.set(owner, counts.get(owner)! + 1);
  return counts;
}

/** The least loaded of these instances; ties go to the smallest instance id, so every instance names the same one. */
export function leastLoaded(counts: Map<string, number>): string {
  let best: string | undefined;
  for (const [id, n] of counts) {
    const bestN = best === undefined ? Infinity : counts.get(best)!;
    if (n < bestN || (n === bestN && id < best!)) best = id;
  }
  return best!;
}

/**
 * The free pipelines this instance should take in this pass (decision 0089). Free pipelines
 * are dealt out in id order, each to the least loaded live instance counting those dealt
 * before it, so instances looking at the same leases deal the same way and only the chosen
 * one asks. A pipeline free for longer than the grace is taken by whoever sees it: a show
 * never waits on an instance that is slow to act or died with its registry entry still fresh.
 */
export function pipelinesToTake(view: PlacementView): string[] {
  const counts = loads(view);
  const free = [...view.owners].filter(([, owner]) => owner === undefined).map(([id]) => id).sort();
  const take: string[] = [];
  for (const pipelineId of free) {
    const since = view.freeSince.get(pipelineId) ?? view.now;
    const chosen = view.now - since >= view.graceMs ? view.me : leastLoaded(counts);
    counts.set(chosen, counts.get(chosen)! + 1);
    if (chosen === view.me) take.push(pipelineId);
  }
  return take;
}

/**
 * How many pipelines this instance holds beyond a fair share plus one: ceil(deployed / live) + 1.
 * A newly joined instance thus gets work only from instances clearly above the others, and a
 * pipeline is never moved (a takeover loses its state, decision 0072) for a difference of one.
 */
export function excess(view: Pick<PlacementView, 'me' | 'live' | 'owners'>): number {
  const counts = loads(view);
  const fair = Math.ceil(view.owners.size / counts.size) + 1;
  return Math.max(0, counts.get(view.me)! - fair);
}
