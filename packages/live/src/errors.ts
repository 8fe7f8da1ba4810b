/**
 * Error codes of the live ingest and viewing edge. Stable once published.
 * SF6xx: live capture, ingest and egress.
 */
export const liveErrorCatalog = {
  SF601: 'The SDP offer is malformed',
  SF602: 'Missing or wrong bearer token for this stream',
  SF603: 'The stream or pipeline has reached its connection limit',
  SF604: 'A frame chunk is corrupt',
  SF605: 'A frame is larger than the limit',
  SF606: 'No such live session',
  SF607: 'The offer carries nothing this gateway can receive',
  SF608: 'The video decoder failed',
  SF609: 'The request body is too large',
  SF610: 'WebRTC negotiation failed',
  SF611: 'The sender stopped sending: no media for a few seconds',
  SF612: 'The picture is larger than the configured pixel limit',
  SF613: 'The offer has no codec this gateway can decode',
  SF614: 'The audio decoder failed',
  SF615: 'The WHIP redirect ticket is unknown, already used or expired',
  SF616: 'The runtime is at its live ingest capacity: try again later or send to another instance',
} as const;

export type LiveErrorCode = keyof typeof liveErrorCatalog;

/**
 * An error with a catalogue code and the HTTP status it maps to at the edge; a refusal that
 * passes with time (capacity) says when to ask again (`Retry-After`).
 */
export class LiveError extends Error {
  constructor(
    readonly code: LiveErrorCode,
    message: string,
    readonly status: number,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'LiveError';
  }
}
