import { randomUUID } from 'node:crypto';
import type { RTCPeerConnection, RTCRtpTransceiver } from 'werift';
import { acceptBundleOnlySections, type IceOptions } from '@showflow/live';
import { ProgramOutError } from '../errors.ts';
import { createProgramPeer, iceGathered } from '../rtp/program-peer.ts';
import { playoutDelayExtension } from '../rtp/playout-delay.ts';

export interface ViewerPeer {
  id: string;
  pc: RTCPeerConnection;
  /** Only the kinds the offer asks for: a player may want picture or sound alone. */
  video?: RTCRtpTransceiver;
  audio?: RTCRtpTransceiver;
  answer: string;
}

/**
 * Answers a standard WHEP offer (receive-only audio and video, no data channel) with a
 * send-only H.264 + Opus peer. All candidates are in the answer (no trickle).
 */
export async function answerViewerOffer(offer: string, ice: IceOptions = {}): Promise<ViewerPeer> {
  const media = checkOffer(offer);
  const pc = createProgramPeer(ice, { headerExtensions: { audio: [], video: [playoutDelayExtension()] } });
  try {
    // A transceiver the offer has no section for would get a transport of its own that never
    // connects, and werift would then call the whole connection failed.
    const video = media.includes('video') ? pc.addTransceiver('video', { direction: 'sendonly' }) : undefined;
    const audio = media.includes('audio') ? pc.addTransceiver('audio', { direction: 'sendonly' }) : undefined;
    // GStreamer's players offer every section after the first as bundle-only (port 0).
    await pc.setRemoteDescription({ type: 'offer', sdp: acceptBundleOnlySections(offer) });
    await pc.setLocalDescription(await pc.createAnswer());
    await iceGathered(pc);
    const answer = pc.localDescription?.sdp;
    if (!answer) throw new Error('no local description after answering');
    if (!video?.sender.codec && !audio?.sender.codec) throw new ProgramOutError('SF631', 'the offer accepts neither H.264 video nor Opus audio', 400);
    return { id: randomUUID(), pc, video, audio, answer };
  } catch (err) {
    await pc.close().catch(() => undefined);
    if (err instanceof ProgramOutError) throw err;
    throw new ProgramOutError('SF631', `the offer could not be answered: ${(err as Error).message}`, 400);
  }
}

/** A WHEP offer must want media and must not be a data-channel viewer's offer; returns its media kinds. */
function checkOffer(offer: string): string[] {
  if (!offer.startsWith('v=0')) throw new ProgramOutError('SF631', 'the body is not an SDP offer', 400);
  const media = [...offer.matchAll(/^m=(\w+) /gm)].map((m) => m[1]);
  if (!media.includes('video') && !media.includes('audio')) throw new ProgramOutError('SF631', 'the offer has no audio or video section', 400);
  if (/^a=sendonly/m.test(offer) && !/^a=(recvonly|sendrecv)/m.test(offer)) {
    throw new ProgramOutError('SF631', 'the offer only sends media; a WHEP viewer offer receives (recvonly)', 400);
  }
  return media;
}
