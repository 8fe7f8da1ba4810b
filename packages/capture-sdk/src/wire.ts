/** The framing shared with the Node gateway: no DOM APIs, safe to import anywhere. */
export * from './framing.ts';
export { FrameReassembler, type AssembledFrame, type FrameRejectCode, type ReassemblyResult, type ReassemblerOptions } from './reassembly.ts';
export { percentile } from './rolling-stats.ts';
export { ACK_BYTES, encodeFrameAck, FlightWindow, readFrameAck, type FlightWindowOptions } from './frame-ack.ts';
