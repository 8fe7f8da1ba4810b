import type { AnyNodeDefinition } from '@showflow/nodes/sdk';
import { programOut } from './program-out.ts';
import { rtmpOut } from './rtmp-out.ts';

export { programOut, rtmpOut };

export const programOutNodes: AnyNodeDefinition[] = [programOut, rtmpOut];
