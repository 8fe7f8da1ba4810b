import { nodeBehaviourHash, type PipelineDocument } from '@showflow/shared';

export interface VersionDiff {
  added: string[];
  removed: string[];
  /** Nodes whose behaviour (type, typeVersion, config) changed; moves and renames do not count. */
  changed: string[];
}

export function diffDocuments(previous: PipelineDocument | undefined, next: PipelineDocument): VersionDiff {
  const before = new Map((previous?.nodes ?? []).map((n) => [n.id, nodeBehaviourHash(n)]));
  const after = new Map(next.nodes.map((n) => [n.id, nodeBehaviourHash(n)]));
  const added = [...after.keys()].filter((id) => !before.has(id));
  const removed = [...before.keys()].filter((id) => !after.has(id));
  const changed = [...after.keys()].filter((id) => before.has(id) && before.get(id) !== after.get(id));
  return { added, removed, changed };
}
