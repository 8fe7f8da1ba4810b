import { errorFromResponse, LiveClientError } from './errors.ts';

export interface NegotiatedSession {
  /** Absolute URL of the session resource (from `Location`); DELETE it to end. */
  sessionUrl: string;
}

/**
 * WHIP/WHEP-style exchange: one POST with the complete offer (candidates included, so
 * no trickle is needed), the answer in the 201 body, the session in `Location`.
 */
export async function negotiate(pc: RTCPeerConnection, endpoint: string, token?: string): Promise<NegotiatedSession> {
  await pc.setLocalDescription(await pc.createOffer());
  await iceGatheringComplete(pc, 3000);
  const headers: Record<string, string> = { 'Content-Type': 'application/sdp' };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(endpoint, { method: 'POST', headers, body: pc.localDescription?.sdp ?? '' });
  if (response.status !== 201) throw await errorFromResponse(response, 'signaling');
  const location = response.headers.get('Location');
  if (!location) throw new LiveClientError('signaling answer has no Location header', response.status);
  await pc.setRemoteDescription({ type: 'answer', sdp: await response.text() });
  // Relative to where the offer landed: after a redirect to the instance that runs the stream, its session lives there.
  const answeredAt = response.url || new URL(endpoint, globalThis.location?.href).href;
  return { sessionUrl: new URL(location, answeredAt).href };
}

/** Ends a session; failures are ignored because the server also times idle sessions out. */
export async function endSession(sessionUrl: string, token?: string): Promise<void> {
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  await fetch(sessionUrl, { method: 'DELETE', headers }).catch(() => undefined);
}

function iceGatheringComplete(pc: RTCPeerConnection, timeoutMs: number): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve();
  return new Promise((resolve) => {
    // Some host candidates are enough to connect; don't wait forever for slow interfaces.
    const timer = setTimeout(done, timeoutMs);
    function done() {
      clearTimeout(timer);
      pc.removeEventListener('icegatheringstatechange', onChange);
      resolve();
    }
    function onChange() {
      if (pc.iceGatheringState === 'complete') done();
    }
    pc.addEventListener('icegatheringstatechange', onChange);
  });
}

export function waitForOpen(channel: RTCDataChannel | WebSocket, timeoutMs: number, what: string): Promise<void> {
  if (channel.readyState === 'open' || channel.readyState === WebSocket.OPEN) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new LiveClientError(`${what} did not open within ${timeoutMs} ms`)), timeoutMs);
    const onOpen = () => {
      cleanup();
      resolve();
    };
    const onClose = () => fail(new LiveClientError(`${what} closed before opening`));
    function fail(error: Error) {
      cleanup();
      reject(error);
    }
    function cleanup() {
      clearTimeout(timer);
      channel.removeEventListener('open', onOpen);
      channel.removeEventListener('close', onClose);
      channel.removeEventListener('error', onClose);
    }
    channel.addEventListener('open', onOpen);
    channel.addEventListener('close', onClose);
    channel.addEventListener('error', onClose);
  });
}
