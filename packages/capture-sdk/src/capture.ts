import { FlightWindow, readFrameAck } from './frame-ack.ts';
import { DEFAULT_CHUNK_PAYLOAD_BYTES, encodeFrameChunks } from './framing.ts';
import { JpegEncoder } from './jpeg-encoder.ts';
import { epochNow, RateMeter, SampleWindow } from './rolling-stats.ts';
import { openSource, type CaptureSource } from './sources.ts';
import { connectWebRtc, connectWebSocket, type FrameTransport, type TransportTarget } from './transport.ts';

export interface CaptureOptions {
  /** Gateway base URL, e.g. `http://localhost:8080`. */
  server: string;
  streamId: string;
  token: string;
  source: CaptureSource;
  width?: number;
  height?: number;
  /** JPEG quality 0..1. */
  quality?: number;
  fps?: number;
  /** `auto` tries WebRTC first and falls back to WebSocket when it cannot connect. */
  transport?: 'webrtc' | 'websocket' | 'auto';
  /** Frames are dropped at the sender while more than this many bytes wait to be sent. */
  maxBufferedBytes?: number;
  /**
   * Sent frames the gateway has not acknowledged yet, at most (default 1). A frame encoded
   * while the window is full is held and goes out on the next acknowledgement, unless a newer
   * one replaces it (then it counts as dropped). Bounds latency when the network or the
   * runtime falls behind.
   */
  maxFramesInFlight?: number;
  chunkBytes?: number;
  connectTimeoutMs?: number;
  /**
   * Also send the microphone (`true`, or constraints such as `{ deviceId }`) as an Opus
   * track; the gateway decodes it to the stream's audio. WebRTC transport only: with the
   * WebSocket fallback the session carries frames alone.
   */
  microphone?: boolean | MediaTrackConstraints;
}

export interface CaptureStats {
  transport: FrameTransport['kind'];
  /** Whether the microphone goes out with the frames (asked for, and on WebRTC). */
  audio: boolean;
  sent: number;
  /** Dropped because the transport or the gateway was still busy with earlier frames (backpressure). */
  dropped: number;
  /** Ticks skipped because the previous frame was still encoding. */
  skipped: number;
  fps: number;
  bytesSent: number;
  encodeMsP50: number;
  /** Send → gateway acknowledgement, median over recent frames (transport plus reassembly). */
  ackMsP50: number;
}

export interface CaptureSession {
  stats(): CaptureStats;
  stop(): Promise<void>;
}

export async function startCapture(options: CaptureOptions): Promise<CaptureSession> {
  const width = options.width ?? 1280;
  const height = options.height ?? 720;
  const fps = options.fps ?? 30;
  const maxBuffered = options.maxBufferedBytes ?? 256 * 1024;
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_PAYLOAD_BYTES;
  const target: TransportTarget = {
    server: options.server.replace(/\/$/, ''),
    streamId: options.streamId,
    token: options.token,
    connectTimeoutMs: options.connectTimeoutMs ?? 5000,
  };

  const source = await openSource(options.source, width, height);
  let microphone: MediaStreamTrack | undefined;
  let transport: FrameTransport;
  try {
    if (options.microphone) {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: options.microphone });
      microphone = stream.getAudioTracks()[0];
      target.audioTrack = microphone;
    }
    transport = await connect(options.transport ?? 'auto', target);
  } catch (error) {
    microphone?.stop();
    source.release();
    throw error;
  }
  const encoder = new JpegEncoder(width, height, options.quality ?? 0.7);
  const sentRate = new RateMeter();
  const encodeTimes = new SampleWindow(120);
  const ackTimes = new SampleWindow(120);
  const flight = new FlightWindow({ maxFrames: options.maxFramesInFlight ?? 1 });
  const counters = { sent: 0, dropped: 0, skipped: 0, bytesSent: 0 };
  let seq = 0;
  let encoding = false;
  let stopped = false;
  /** The newest encoded frame that found the transport busy; it goes out on the next acknowledgement. */
  let held: { captureTs: number; jpeg: Uint8Array } | undefined;

  const canSend = () => transport.bufferedAmount <= maxBuffered && flight.canSend(performance.now());
  const send = (frame: { captureTs: number; jpeg: Uint8Array }) => {
    const frameSeq = seq++;
    const chunks = encodeFrameChunks({ seq: frameSeq, captureTs: frame.captureTs, width, height, encoding: 'jpeg' }, frame.jpeg, chunkBytes);
    for (const chunk of chunks) transport.send(chunk);
    flight.sent(frameSeq, performance.now());
    counters.sent++;
    counters.bytesSent += frame.jpeg.byteLength;
    sentRate.mark(performance.now());
  };

  transport.onMessage((message) => {
    const ackSeq = readFrameAck(message);
    if (ackSeq === undefined) return;
    const roundTrip = flight.acknowledged(ackSeq, performance.now());
    if (roundTrip !== undefined) ackTimes.add(roundTrip);
    if (held && !stopped && transport.open && canSend()) {
      send(held);
      held = undefined;
    }
  });

  const tick = async () => {
    if (encoding) {
      counters.skipped++;
      return;
    }
    encoding = true;
    try {
      const captureTs = epochNow();
      const jpeg = await encoder.grab(source.drawable);
      encodeTimes.add(epochNow() - captureTs);
      if (stopped || !transport.open) return;
      // A frame still held is older than this one: it is dropped, never queued behind.
      if (held) counters.dropped++;
      held = undefined;
      // Checked after encoding: the freshest view of the queue decides.
      if (canSend()) send({ captureTs, jpeg });
      else held = { captureTs, jpeg };
    } finally {
      encoding = false;
    }
  };
  const stopTicker = startTicker(fps, () => void tick());

  return {
    stats: () => ({
      transport: transport.kind,
      audio: !!microphone && transport.kind === 'webrtc',
      ...counters,
      fps: sentRate.rate(performance.now()),
      encodeMsP50: encodeTimes.percentile(50),
      ackMsP50: ackTimes.percentile(50),
    }),
    async stop() {
      stopped = true;
      stopTicker();
      source.release();
      microphone?.stop();
      await transport.close();
    },
  };
}

async function connect(mode: NonNullable<CaptureOptions['transport']>, target: TransportTarget): Promise<FrameTransport> {
  if (mode === 'websocket') return connectWebSocket(target);
  if (mode === 'webrtc') return connectWebRtc(target);
  try {
    return await connectWebRtc(target);
  } catch (error) {
    // Authorization and limits fail the same way on both transports; only retry network failures.
    if ((error as { status?: number }).status) throw error;
    return connectWebSocket(target);
  }
}

/** Fires on a fixed schedule that does not drift with callback time. */
function startTicker(fps: number, onTick: () => void): () => void {
  const interval = 1000 / fps;
  let next = performance.now();
  let timer: ReturnType<typeof setTimeout>;
  const loop = () => {
    onTick();
    next += interval;
    const now = performance.now();
    if (next < now - interval) next = now; // after a stall, resume instead of bursting
    timer = setTimeout(loop, Math.max(0, next - now));
  };
  timer = setTimeout(loop, 0);
  return () => clearTimeout(timer);
}
