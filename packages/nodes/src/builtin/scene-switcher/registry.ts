import type { NodeServices } from '../../sdk/index.ts';
import type { BusState, SceneCue } from './bus.ts';

/** A running scene switcher as the control room reaches it. */
export interface RegisteredSwitcher {
  pipelineId: string;
  nodeId: string;
  /** Input names, index 0 = input 1. */
  names: string[];
  state(): BusState & { live: boolean[] };
  /** Applies a cue now; refused with SF220/SF221 like an event cue. */
  cue(cue: SceneCue): BusState;
}

/** The name under which a runtime provides the registry to nodes. */
export const SCENE_REGISTRY_SERVICE = 'scenes';

/** Which scene switchers run where, so producer cues reach them without a frame or event in between. */
export class SceneRegistry {
  private readonly entries = new Map<string, RegisteredSwitcher>();

  /** Returns the unregister function; it removes only this entry (a redeployed node may have replaced it). */
  register(entry: RegisteredSwitcher): () => void {
    const key = `${entry.pipelineId}/${entry.nodeId}`;
    this.entries.set(key, entry);
    return () => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    };
  }

  get(pipelineId: string, nodeId: string): RegisteredSwitcher | undefined {
    return this.entries.get(`${pipelineId}/${nodeId}`);
  }

  list(pipelineId: string): RegisteredSwitcher[] {
    return [...this.entries.values()].filter((e) => e.pipelineId === pipelineId).sort((a, b) => a.nodeId.localeCompare(b.nodeId));
  }
}

/** The runtime's registry, or undefined where there is none (a bare harness): then only events cue the switcher. */
export function sceneRegistry(services: NodeServices): SceneRegistry | undefined {
  const value = services.get(SCENE_REGISTRY_SERVICE);
  return value instanceof SceneRegistry ? value : undefined;
}
