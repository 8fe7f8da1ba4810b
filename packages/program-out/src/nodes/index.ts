import type { AnyNodeDefinition } from '@showflow/nodes/sdk';
import { programOut } from './program-out.ts';

export { programOut };

export const programOutNodes: AnyNodeDefinition[] = [programOut];
