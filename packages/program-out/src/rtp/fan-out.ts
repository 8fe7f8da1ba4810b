import type { RTCPeerConnection, RTCRtpTransceiver } from 'werift';
import { startsKeyframe } from './h264-access-unit.ts';
import { readRtp } from './rtp-packet.ts';

export interface FanOutViewer {
  id: string;
  pc: RTCPeerConnection;
  video: RTCRtpTransceiver;
  audio: RTCRtpTransceiver;
}

interface ViewerState extends FanOutViewer {
  /** Video is held back until a keyframe, so the viewer's decoder starts clean. */
  videoStarted: boolean;
  packetsSent: number;
  bytesSent: number;
  plis: number;
  nacks: number;
}

export interface ViewerStats {
  id: string;
  packetsSent: number;
  bytesSent: number;
  plis: number;
  nacks: number;
  waitingForKeyframe: boolean;
}

/**
 * Sends the output's one encoded RTP stream to every viewer. werift rewrites SSRC,
 * payload type and sequence numbers per viewer and answers each viewer's NACKs from its
 * own history, so a lossy viewer costs only itself. Sending is fire-and-forget UDP: a
 * slow viewer never holds up the loop that feeds the others.
 */
export class FanOut {
  private readonly viewers = new Map<string, ViewerState>();
  keyframes = 0;

  get size(): number {
    return this.viewers.size;
  }

  add(viewer: FanOutViewer): void {
    const state: ViewerState = { ...viewer, videoStarted: false, packetsSent: 0, bytesSent: 0, plis: 0, nacks: 0 };
    // A PLI cannot force a keyframe out of the shared encoder without hurting every viewer;
    // the viewer gets the next one (at most one keyframe interval away). Counted for status.
    viewer.video.sender.onPictureLossIndication.subscribe(() => state.plis++);
    viewer.video.sender.onGenericNack.subscribe(() => state.nacks++);
    this.viewers.set(viewer.id, state);
  }

  remove(id: string): FanOutViewer | undefined {
    const viewer = this.viewers.get(id);
    this.viewers.delete(id);
    return viewer;
  }

  has(id: string): boolean {
    return this.viewers.has(id);
  }

  all(): FanOutViewer[] {
    return [...this.viewers.values()];
  }

  stats(): ViewerStats[] {
    return [...this.viewers.values()].map((v) => ({
      id: v.id,
      packetsSent: v.packetsSent,
      bytesSent: v.bytesSent,
      plis: v.plis,
      nacks: v.nacks,
      waitingForKeyframe: !v.videoStarted,
    }));
  }

  sendVideo(packet: Buffer): void {
    const rtp = readRtp(packet);
    if (!rtp) return;
    const keyframe = startsKeyframe(rtp.payload);
    if (keyframe) this.keyframes++;
    for (const viewer of this.viewers.values()) {
      if (!viewer.videoStarted) {
        if (!keyframe || viewer.pc.connectionState !== 'connected') continue;
        viewer.videoStarted = true;
      }
      this.send(viewer, viewer.video, packet);
    }
  }

  sendAudio(packet: Buffer): void {
    for (const viewer of this.viewers.values()) this.send(viewer, viewer.audio, packet);
  }

  private send(viewer: ViewerState, transceiver: RTCRtpTransceiver, packet: Buffer): void {
    if (!transceiver.sender.codec) return;
    viewer.packetsSent++;
    viewer.bytesSent += packet.length;
    transceiver.sender.sendRtp(packet).catch(() => undefined);
  }
}
