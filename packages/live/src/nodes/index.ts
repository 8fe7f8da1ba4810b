import type { AnyNodeDefinition } from '@showflow/nodes/sdk';
import { capture } from './capture.ts';
import { viewerOutput } from './viewer-output.ts';

export { capture, viewerOutput };
export { LIVE_SERVICE, createLiveService, liveService, type LiveService } from './live-service.ts';
export { StreamId } from './stream-id.ts';

/** The node types of the live layer, in palette order. */
export const liveNodes: AnyNodeDefinition[] = [capture, viewerOutput];
