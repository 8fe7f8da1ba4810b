import type { AnyNodeDefinition } from '@showflow/nodes/sdk';
import { programOut } from './program-out.ts';
import { rtmpOut } from './rtmp-out.ts';
import { srtOut } from './srt-out.ts';
import { whipOut } from './whip-out.ts';

export { programOut, rtmpOut, srtOut, whipOut };

export const programOutNodes: AnyNodeDefinition[] = [programOut, rtmpOut, srtOut, whipOut];
