/**
 * A standard WHEP player in a few lines: a plain RTCPeerConnection with receive-only
 * video and audio, the offer POSTed as application/sdp, the answer applied. Works against
 * any WHEP server, not only the runtime.
 */
export interface WhepPlayback {
  stream: MediaStream;
  pc: RTCPeerConnection;
  stop(): void;
}

/** Thrown when the server has no program to play (404): the caller falls back. */
export class NoProgramError extends Error {}

export async function playWhep(endpoint: string, signal: AbortSignal): Promise<WhepPlayback> {
  const pc = new RTCPeerConnection();
  const stream = new MediaStream();
  let location: string | null = null;
  const stop = () => {
    pc.close();
    // Ends the session on the server; a lost page is noticed by ICE timeout anyway.
    if (location) void fetch(new URL(location, endpoint), { method: 'DELETE' }).catch(() => undefined);
  };
  try {
    pc.addTransceiver('video', { direction: 'recvonly' });
    pc.addTransceiver('audio', { direction: 'recvonly' });
    pc.ontrack = (event) => stream.addTrack(event.track);
    await pc.setLocalDescription(await pc.createOffer());
    await gathered(pc, signal);
    const response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/sdp' }, body: pc.localDescription!.sdp, signal });
    if (response.status === 404) throw new NoProgramError('no program output');
    if (response.status !== 201) throw new Error(`WHEP answered ${response.status}`);
    location = response.headers.get('location');
    await pc.setRemoteDescription({ type: 'answer', sdp: await response.text() });
    return { stream, pc, stop };
  } catch (err) {
    stop();
    throw err;
  }
}

/** The answer carries every candidate (no trickle), so the offer should too; 2 s at most. */
function gathered(pc: RTCPeerConnection, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve();
    const timer = setTimeout(resolve, 2000);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && done());
    signal.addEventListener('abort', done);
  });
}
