import { FlightWindow, readFrameAck } from './frame-ack.ts';
import { DEFAULT_CHUNK_PAYLOAD_BYTES, encodeFrameChunks } from './framing.ts';
import { JpegEncoder } from './jpeg-encoder.ts';
import { epochNow, RateMeter, SampleWindow } from './rolling-stats.ts';
import { startTicker } from './ticker.ts';
import { TransportSupervisor, type CaptureState, type CaptureStateDetail } from './reconnect.ts';
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
  /**
   * Session state: `connecting` (first connect), `live`, `reconnecting` (the session died;
   * `detail.attempt` counts the tries), `failed` (refused in a way retrying cannot fix, such
   * as a wrong or revoked token: `detail.code`). A dead session is replaced by itself.
   */
  onStateChange?(state: CaptureState, detail?: CaptureStateDetail): void;
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
  /** A session is open now (false while reconnecting, after a refusal, and after `stop()`). */
  connected: boolean;
  /** Sessions opened again after one died. */
  reconnects: number;
  /** The latest reason a session ended or a connect failed, as `code: message`. */
  lastError?: string;
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
  const encoder = new JpegEncoder(width, height, options.quality ?? 0.7);
  const sentRate = new RateMeter();
  const encodeTimes = new SampleWindow(120);
  const ackTimes = new SampleWindow(120);
  const newFlightWindow = () => new FlightWindow({ maxFrames: options.maxFramesInFlight ?? 1 });
  let flight = newFlightWindow();
  const counters = { sent: 0, dropped: 0, skipped: 0, bytesSent: 0 };
  let seq = 0;
  let encoding = false;
  let stopped = false;
  /** The newest encoded frame that found the transport busy; it goes out on the next acknowledgement. */
  let held: { captureTs: number; jpeg: Uint8Array } | undefined;

  const canSend = (transport: FrameTransport) => transport.bufferedAmount <= maxBuffered && flight.canSend(performance.now());
  const send = (transport: FrameTransport, frame: { captureTs: number; jpeg: Uint8Array }) => {
    const frameSeq = seq++;
    const chunks = encodeFrameChunks({ seq: frameSeq, captureTs: frame.captureTs, width, height, encoding: 'jpeg' }, frame.jpeg, chunkBytes);
    try {
      for (const chunk of chunks) transport.send(chunk);
    } catch {
      // The channel closed under us; the supervisor hears of it and reconnects.
      counters.dropped++;
      return;
    }
    const now = performance.now();
    flight.sent(frameSeq, now);
    supervisor.frameSent(now);
    counters.sent++;
    counters.bytesSent += frame.jpeg.byteLength;
    sentRate.mark(now);
  };

  const supervisor = new TransportSupervisor({
    connect: () => connect(options.transport ?? 'auto', target),
    onStateChange: options.onStateChange,
    onTransport(transport) {
      // A frame held for the old session is stale by now; the new one starts with an empty window.
      if (held) counters.dropped++;
      held = undefined;
      flight = newFlightWindow();
      transport.onMessage((message) => {
        const ackSeq = readFrameAck(message);
        if (ackSeq === undefined || transport !== supervisor.current) return;
        supervisor.frameAcknowledged();
        const roundTrip = flight.acknowledged(ackSeq, performance.now());
        if (roundTrip !== undefined) ackTimes.add(roundTrip);
        if (held && !stopped && supervisor.connected && canSend(transport)) {
          send(transport, held);
          held = undefined;
        }
      });
    },
  });
  try {
    if (options.microphone) {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: options.microphone });
      microphone = stream.getAudioTracks()[0];
      target.audioTrack = microphone;
    }
    await supervisor.start();
  } catch (error) {
    microphone?.stop();
    source.release();
    throw error;
  }

  const tick = async () => {
    if (stopped) return;
    // Without a session, frames are dropped, not queued: they would be stale when it returns.
    if (!supervisor.connected) {
      counters.dropped++;
      return;
    }
    if (encoding) {
      counters.skipped++;
      return;
    }
    encoding = true;
    try {
      const captureTs = epochNow();
      const jpeg = await encoder.grab(source.drawable);
      encodeTimes.add(epochNow() - captureTs);
      const transport = supervisor.current;
      if (stopped) return;
      if (!transport || !supervisor.connected) {
        counters.dropped++;
        return;
      }
      // A frame still held is older than this one: it is dropped, never queued behind.
      if (held) counters.dropped++;
      held = undefined;
      // Checked after encoding: the freshest view of the queue decides.
      if (canSend(transport)) send(transport, { captureTs, jpeg });
      else held = { captureTs, jpeg };
    } finally {
      encoding = false;
    }
  };
  const stopTicker = startTicker(fps, () => void tick());

  return {
    stats: () => {
      const kind = supervisor.kind;
      return {
        transport: kind,
        audio: !!microphone && kind === 'webrtc',
        ...counters,
        fps: sentRate.rate(performance.now()),
        encodeMsP50: encodeTimes.percentile(50),
        ackMsP50: ackTimes.percentile(50),
        connected: supervisor.connected,
        reconnects: supervisor.reconnects,
        ...(supervisor.lastError !== undefined ? { lastError: supervisor.lastError } : {}),
      };
    },
    async stop() {
      stopped = true;
      stopTicker();
      source.release();
      microphone?.stop();
      await supervisor.stop();
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
