import { LiveClientError } from './errors.ts';
import { encodeFrameAck } from './frame-ack.ts';
import { FrameReassembler, type AssembledFrame } from './reassembly.ts';
import { epochNow, RateMeter, SampleWindow } from './rolling-stats.ts';
import { endSession, negotiate, waitForOpen } from './signaling.ts';

export interface ViewerFrame {
  seq: number;
  captureTs: number;
  image: ImageBitmap;
}

export interface ViewerStats {
  received: number;
  drawn: number;
  /** Frames never drawn: gaps in seq (dropped upstream) plus frames replaced by a newer one here. */
  dropped: number;
  fps: number;
  /** Glass-to-glass: draw time minus capture time, over the recent window. */
  latencyP50: number;
  latencyP95: number;
  latencySamples: number;
}

export interface WatchOptions {
  connectTimeoutMs?: number;
  /** Chunks of frames larger than this are refused. */
  maxFrameBytes?: number;
}

export interface ViewerSession {
  stats(): ViewerStats;
  stop(): Promise<void>;
}

/**
 * Watches a pipeline's output. `endpoint` is the WHEP URL (`.../live/whep/<pipelineId>`).
 * `onFrame` draws; latency is taken when it returns, so it includes decode and draw.
 * Only the newest frame waits while one is decoding: a slow viewer skips, never lags.
 */
export async function watch(endpoint: string, onFrame: (frame: ViewerFrame) => void, options: WatchOptions = {}): Promise<ViewerSession> {
  const pc = new RTCPeerConnection();
  const channel = pc.createDataChannel('frames', { ordered: true });
  channel.binaryType = 'arraybuffer';
  const latency = new SampleWindow(600);
  const drawRate = new RateMeter();
  const counters = { received: 0, drawn: 0, dropped: 0 };
  // Frames lost before reassembly show up as seq gaps, so they are counted there only.
  const reassembler = new FrameReassembler({ maxFrameBytes: options.maxFrameBytes });
  let lastSeq = -1;
  let waiting: AssembledFrame | undefined;
  let decoding = false;

  const drawNext = async () => {
    if (decoding || !waiting) return;
    const frame = waiting;
    waiting = undefined;
    decoding = true;
    try {
      const image = await createImageBitmap(new Blob([frame.data as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }));
      onFrame({ seq: frame.seq, captureTs: frame.captureTs, image });
      latency.add(epochNow() - frame.captureTs);
      drawRate.mark(performance.now());
      counters.drawn++;
      image.close();
    } catch {
      counters.dropped++;
    } finally {
      decoding = false;
      void drawNext();
    }
  };

  channel.onmessage = (event) => {
    const result = reassembler.push(new Uint8Array(event.data as ArrayBuffer));
    if (result.kind !== 'frame') return;
    const { frame } = result;
    // Acknowledged on arrival: the hub keeps only a frame or two in flight per viewer.
    if (channel.readyState === 'open') channel.send(encodeFrameAck(frame.seq) as Uint8Array<ArrayBuffer>);
    counters.received++;
    if (lastSeq >= 0 && frame.seq > lastSeq + 1) counters.dropped += frame.seq - lastSeq - 1;
    lastSeq = frame.seq;
    if (waiting) counters.dropped++;
    waiting = frame;
    void drawNext();
  };

  let sessionUrl: string | undefined;
  try {
    ({ sessionUrl } = await negotiate(pc, endpoint));
    await waitForOpen(channel, options.connectTimeoutMs ?? 5000, 'viewer data channel');
  } catch (error) {
    pc.close();
    if (sessionUrl) await endSession(sessionUrl);
    throw error instanceof LiveClientError ? error : new LiveClientError(String(error));
  }

  return {
    stats: () => ({
      ...counters,
      fps: drawRate.rate(performance.now()),
      latencyP50: latency.percentile(50),
      latencyP95: latency.percentile(95),
      latencySamples: latency.count,
    }),
    async stop() {
      channel.close();
      pc.close();
      if (sessionUrl) await endSession(sessionUrl);
    },
  };
}
