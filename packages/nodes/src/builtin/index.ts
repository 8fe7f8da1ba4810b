import type { AnyNodeDefinition } from '../sdk/index.ts';
import { NodeCatalog } from '../sdk/index.ts';

/** Every node type that ships with Showflow. */
export const builtinNodes: AnyNodeDefinition[] = [];

export function createBuiltinCatalog(): NodeCatalog {
  return new NodeCatalog(builtinNodes, 'builtin');
}
