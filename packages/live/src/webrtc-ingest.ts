import type { RTCPeerConnection } from 'werift';
import { AudioTrackIngest } from './audio-ingest.ts';
import { ChunkIngest } from './chunk-ingest.ts';
import { decoderFor, videoCodecOfMime } from './codec-support.ts';
import type { LiveErrorCode } from './errors.ts';
import type { IngestSession } from './gateway.ts';
import type { StreamRegistry } from './stream-registry.ts';
import { VideoTrackIngest } from './video-ingest.ts';

export interface WebRtcIngestDeps {
  registry: StreamRegistry;
  maxFrameBytes: number;
  maxPixels: number;
  ffmpegPath: string;
  onProblem: (message: string) => void;
  /** Each decoded video picture, for the ingest budget's pixel rate. */
  onPicture?: (width: number, height: number) => void;
  /** The session cannot go on (a picture above the limit, a decoder that keeps failing). */
  onFatal: (code: LiveErrorCode, message: string) => void;
}

/**
 * Feeds whatever a WHIP peer sends into its stream: chunked frames from data channels,
 * decoded I420 pictures from video tracks and PCM blocks from Opus tracks. Every RTP
 * packet marks the session as alive (`lastMedia`). Returns a function that stops the decoders.
 */
export function receiveWebRtcFrames(pc: RTCPeerConnection, session: IngestSession, deps: WebRtcIngestDeps): () => void {
  const { registry } = deps;
  const { streamId } = session;
  const stops: Array<() => void> = [];
  const fail = (code: LiveErrorCode, message: string, fatal: boolean) => {
    registry.fail(streamId, code, message);
    deps.onProblem(`${code} stream ${streamId}: ${message}`);
    if (fatal) deps.onFatal(code, message);
  };
  const onMedia = () => {
    const now = Date.now();
    session.lastActivity = now;
    session.lastMedia = now;
  };

  pc.onDataChannel.subscribe((channel) => {
    const ingest = new ChunkIngest(streamId, registry, deps.maxFrameBytes, (ack) => {
      if (channel.readyState === 'open') channel.send(ack);
    });
    channel.onMessage.subscribe((message) => {
      session.lastActivity = Date.now();
      ingest.push(message);
    });
  });

  pc.ontrack = ({ track, receiver }) => {
    const mime = track.codec?.mimeType ?? '';
    if (track.kind === 'audio') {
      if (!/opus$/i.test(mime)) return fail('SF613', `the audio track uses ${mime || 'an unknown codec'}, not Opus`, false);
      const ingest = new AudioTrackIngest(track, receiver, { channels: track.codec?.channels === 1 ? 1 : 2 }, {
        onBlock: (block) => registry.deliverAudio(streamId, block),
        onMedia,
        onFailure: (message) => fail('SF614', message, false),
      });
      stops.push(() => ingest.stop());
      return;
    }
    const codec = videoCodecOfMime(mime);
    const decoder = codec && decoderFor(deps.ffmpegPath, codec);
    if (!codec || !decoder) return fail('SF613', `the video track uses ${mime || 'an unknown codec'}, which this gateway cannot decode`, true);
    const ingest = new VideoTrackIngest(track, receiver, { codec, decoder, ffmpegPath: deps.ffmpegPath, maxPixels: deps.maxPixels }, {
      onPicture: ({ seq, width, height, data, captureTs, clock }) => {
        deps.onPicture?.(width, height);
        registry.deliver(streamId, { seq, captureTs, clock, width, height, encoding: 'yuv420', data });
      },
      onDropped: (count) => {
        if (count > 0) registry.drop(streamId, count);
      },
      onMedia,
      onFailure: ({ code, message }, fatal) => fail(code, message, fatal),
    });
    stops.push(() => ingest.stop());
  };

  return () => {
    for (const stop of stops) stop();
  };
}
