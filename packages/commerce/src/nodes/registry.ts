import type { BaseContext } from '@showflow/nodes/sdk';
import type { DropView } from '../views.ts';

/** What a producer can do to a running drop node. */
export type DropCue = 'start' | 'end' | 'flash';

export interface RegisteredDrop {
  pipelineId: string;
  nodeId: string;
  /** The node type, e.g. `showflow.drop`. */
  type: string;
  dropId: string;
  /** Acts on the cue (start/end go through the orders service) and answers with the drop's live state. */
  cue(action: DropCue, cueId: string): Promise<DropView>;
}

/** The name under which a runtime provides the registry to nodes. */
export const dropRegistryName = 'commerce.drops';

/**
 * Which drop each running drop node sells, so producer actions (cues, the Commerce panel)
 * and the viewer page find a pipeline's drops without reading node state.
 */
export class DropRegistry {
  private readonly entries = new Map<string, RegisteredDrop>();

  /** Returns the unregister function; it only removes this entry (a redeployed node may have replaced it). */
  register(entry: RegisteredDrop): () => void {
    const key = `${entry.pipelineId}/${entry.nodeId}`;
    this.entries.set(key, entry);
    return () => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    };
  }

  get(pipelineId: string, nodeId: string): RegisteredDrop | undefined {
    return this.entries.get(`${pipelineId}/${nodeId}`);
  }

  all(): RegisteredDrop[] {
    return [...this.entries.values()];
  }

  list(pipelineId: string): RegisteredDrop[] {
    return [...this.entries.values()].filter((e) => e.pipelineId === pipelineId).sort((a, b) => a.nodeId.localeCompare(b.nodeId));
  }
}

/** The runtime's registry, or undefined where there is none (a bare harness): cues then cannot reach the node. */
export function dropRegistry(ctx: Pick<BaseContext<unknown>, 'services'>): DropRegistry | undefined {
  const value = ctx.services.get(dropRegistryName);
  return value instanceof DropRegistry ? value : undefined;
}
