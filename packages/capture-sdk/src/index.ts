export { startCapture, type CaptureOptions, type CaptureSession, type CaptureStats } from './capture.ts';
export { watch, type ViewerFrame, type ViewerSession, type ViewerStats, type WatchOptions } from './viewer.ts';
export type { CaptureSource } from './sources.ts';
export type { CaptureState, CaptureStateDetail } from './reconnect.ts';
export { LiveClientError } from './errors.ts';
export * from './framing.ts';
export { FrameReassembler, type AssembledFrame, type FrameRejectCode, type ReassemblyResult, type ReassemblerOptions } from './reassembly.ts';
export { percentile } from './rolling-stats.ts';
export { ACK_BYTES, encodeFrameAck, FlightWindow, readFrameAck, type FlightWindowOptions } from './frame-ack.ts';
