import { endSession, negotiate, waitForOpen } from './signaling.ts';

/** Carries chunks to the gateway; both transports use identical framing. */
export interface FrameTransport {
  readonly kind: 'webrtc' | 'websocket';
  /** Bytes queued but not yet handed to the network; the sender drops frames above a cap. */
  readonly bufferedAmount: number;
  readonly open: boolean;
  send(chunk: Uint8Array): void;
  /** Binary messages from the gateway (frame acknowledgements). */
  onMessage(listener: (message: Uint8Array) => void): void;
  close(): Promise<void>;
}

export interface TransportTarget {
  /** Gateway base URL, e.g. `http://localhost:8080` (the `/live/...` paths are appended). */
  server: string;
  streamId: string;
  token: string;
  connectTimeoutMs: number;
  /** Sent as an Opus track next to the frames (WebRTC only; the WebSocket fallback carries no sound). */
  audioTrack?: MediaStreamTrack;
}

export async function connectWebRtc(target: TransportTarget): Promise<FrameTransport> {
  const pc = new RTCPeerConnection();
  // Ordered and reliable: a frame is only useful whole, and loss is handled by dropping at the sender.
  const channel = pc.createDataChannel('frames', { ordered: true });
  channel.binaryType = 'arraybuffer';
  if (target.audioTrack) pc.addTransceiver(target.audioTrack, { direction: 'sendonly' });
  let sessionUrl: string | undefined;
  try {
    const endpoint = `${target.server}/live/whip/${encodeURIComponent(target.streamId)}`;
    ({ sessionUrl } = await negotiate(pc, endpoint, target.token));
    await waitForOpen(channel, target.connectTimeoutMs, 'WebRTC data channel');
  } catch (error) {
    pc.close();
    if (sessionUrl) await endSession(sessionUrl, target.token);
    throw error;
  }
  return {
    kind: 'webrtc',
    get bufferedAmount() {
      return channel.bufferedAmount;
    },
    get open() {
      return channel.readyState === 'open';
    },
    send: (chunk) => channel.send(chunk as Uint8Array<ArrayBuffer>),
    onMessage: (listener) => channel.addEventListener('message', (event) => forwardBinary(event.data, listener)),
    async close() {
      channel.close();
      pc.close();
      if (sessionUrl) await endSession(sessionUrl, target.token);
    },
  };
}

/** Fallback for networks where ICE cannot connect (UDP blocked, strict proxies). */
export async function connectWebSocket(target: TransportTarget): Promise<FrameTransport> {
  const url = new URL(`/live/ws/${encodeURIComponent(target.streamId)}`, new URL(target.server, globalThis.location?.href));
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('token', target.token);
  const socket = new WebSocket(url);
  socket.binaryType = 'arraybuffer';
  try {
    await waitForOpen(socket, target.connectTimeoutMs, 'WebSocket');
  } catch (error) {
    socket.close();
    throw error;
  }
  return {
    kind: 'websocket',
    get bufferedAmount() {
      return socket.bufferedAmount;
    },
    get open() {
      return socket.readyState === WebSocket.OPEN;
    },
    send: (chunk) => socket.send(chunk as Uint8Array<ArrayBuffer>),
    onMessage: (listener) => socket.addEventListener('message', (event) => forwardBinary(event.data, listener)),
    async close() {
      socket.close();
    },
  };
}

function forwardBinary(data: unknown, listener: (message: Uint8Array) => void): void {
  if (data instanceof ArrayBuffer) listener(new Uint8Array(data));
}
