import type { RTCPeerConnection } from 'werift';
import { ChunkIngest } from './chunk-ingest.ts';
import type { IngestSession } from './gateway.ts';
import type { StreamRegistry } from './stream-registry.ts';
import { VideoTrackIngest } from './video-ingest.ts';

export interface WebRtcIngestDeps {
  registry: StreamRegistry;
  maxFrameBytes: number;
  ffmpegPath: string;
  onProblem: (message: string) => void;
}

/**
 * Feeds whatever a WHIP peer sends into its stream: chunked frames from data channels and
 * decoded pictures from video tracks. Returns a function that stops the video decoders.
 */
export function receiveWebRtcFrames(pc: RTCPeerConnection, session: IngestSession, deps: WebRtcIngestDeps): () => void {
  const { registry } = deps;
  const { streamId } = session;
  const videoIngests: VideoTrackIngest[] = [];

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
    if (track.kind !== 'video') return;
    videoIngests.push(
      new VideoTrackIngest(track, receiver, deps.ffmpegPath, {
        onFrame: ({ width, height, data, arrivalTs }, seq) => {
          session.lastActivity = Date.now();
          registry.deliver(streamId, { seq, captureTs: arrivalTs, width, height, encoding: 'raw', data });
        },
        onDropped: (count) => registry.drop(streamId, count),
        onFailure: (reason) => deps.onProblem(`SF608 stream ${streamId}: ${reason}`),
      }),
    );
  };

  return () => {
    for (const ingest of videoIngests) ingest.stop();
  };
}
