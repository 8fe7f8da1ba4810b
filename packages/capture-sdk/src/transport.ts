import { endSession, negotiate, waitForOpen } from './signaling.ts';

/** Carries chunks to the gateway; both transports use identical framing. */
export interface FrameTransport {
  readonly kind: 'webrtc' | 'websocket';
  /** Bytes queued but not yet handed to the network; the sender drops frames above a cap. */
  readonly bufferedAmount: number;
  readonly open: boolean;
  /** WebRTC `connectionState` (undefined on WebSocket), watched for a peer that went away silently. */
  readonly peerState?: string;
  send(chunk: Uint8Array): void;
  /** Binary messages from the gateway (frame acknowledgements). */
  onMessage(listener: (message: Uint8Array) => void): void;
  /** Called once when the channel closes or fails by itself (not after `close()`). */
  onClose(listener: (reason: string) => void): void;
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
  const closed = closedSignal(channel, 'WebRTC data channel');
  return {
    kind: 'webrtc',
    get bufferedAmount() {
      return channel.bufferedAmount;
    },
    get open() {
      return channel.readyState === 'open';
    },
    get peerState() {
      return pc.connectionState;
    },
    send: (chunk) => channel.send(chunk as Uint8Array<ArrayBuffer>),
    onMessage: (listener) => channel.addEventListener('message', (event) => forwardBinary(event.data, listener)),
    onClose: closed.listen,
    async close() {
      closed.mute();
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
  const closed = closedSignal(socket, 'WebSocket');
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
    onClose: closed.listen,
    async close() {
      closed.mute();
      socket.close();
    },
  };
}

function forwardBinary(data: unknown, listener: (message: Uint8Array) => void): void {
  if (data instanceof ArrayBuffer) listener(new Uint8Array(data));
}

/** One 'closed' notice per channel, from its close or error event, unless we closed it ourselves. */
function closedSignal(channel: RTCDataChannel | WebSocket, what: string) {
  let listener: ((reason: string) => void) | undefined;
  let reason: string | undefined;
  let muted = false;
  const fire = (event: Event) => {
    if (reason !== undefined || muted) return;
    const close = event as CloseEvent;
    reason = `${what} ${event.type === 'error' ? 'failed' : 'closed'}${close.code ? ` (${close.code}${close.reason ? ` ${close.reason}` : ''})` : ''}`;
    listener?.(reason);
  };
  channel.addEventListener('close', fire);
  channel.addEventListener('error', fire);
  return {
    listen(l: (reason: string) => void) {
      listener = l;
      if (reason !== undefined) l(reason);
    },
    mute: () => void (muted = true),
  };
}
