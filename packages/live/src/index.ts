export { createIngestGateway, IngestGateway, type IngestGatewayOptions, type IngestSession, type WhipAnswer } from './gateway.ts';
export { createViewerHub, ViewerHub, type ViewerHubOptions, type PublishMeta, type PipelineViewStats } from './viewer-hub.ts';
export { createLiveHandler, type LiveHandlerOptions, type LiveHttpHandler } from './http-handler.ts';
export { createLiveUpgradeHandler, type LiveUpgradeHandler } from './ws-ingest.ts';
export type { LiveFrame, StreamState, StreamStatus, StreamCounters } from './stream-registry.ts';
export { slateFrame, type SlateOptions } from './slate.ts';
export { liveErrorCatalog, LiveError, type LiveErrorCode } from './errors.ts';
export type { IceOptions } from './peer-config.ts';
