import { GenericNack, RTCPeerConnection, RTCRtpCodecParameters, RtcpTransportLayerFeedback, useNACK, usePLI, type RTCRtpTransceiver, type RtpPacket } from 'werift';
import { startsKeyframe } from '../../src/rtp/h264-access-unit.ts';

/**
 * A headless WHEP viewer made of a werift peer: receive-only H.264 + Opus, no decoding.
 * It counts what arrives and can send the feedback a browser would (PLI, NACK), so tests
 * and benchmarks can play many viewers, or a misbehaving one, without a browser each.
 */
export interface WhepReceiver {
  pc: RTCPeerConnection;
  /** Absent for a receiver that asked for sound alone. */
  video?: RTCRtpTransceiver;
  /** The session URL from `Location`. */
  location: string;
  counters: { videoPackets: number; audioPackets: number; bytes: number; keyframes: number };
  /** Video packets by arrival, while recording. */
  onVideo(listener: (packet: RtpPacket, arrivedAt: number) => void): () => void;
  /** The SSRC the sender uses for video (known once the first video packet arrived). */
  videoSsrc(): number | undefined;
  sendPli(): Promise<void>;
  /** A NACK for these video sequence numbers, as a receiver that lost them sends it. */
  sendNack(lost: number[]): Promise<void>;
  close(): Promise<void>;
}

const now = () => performance.timeOrigin + performance.now();

/** POSTs a receive-only offer to `endpoint` and plays the answer. */
export async function connectWhepReceiver(endpoint: string, options: { nack?: boolean; kinds?: ('video' | 'audio')[] } = {}): Promise<WhepReceiver> {
  const kinds = options.kinds ?? ['video', 'audio'];
  const feedback = () => (options.nack === false ? [usePLI()] : [useNACK(), usePLI()]);
  const pc = new RTCPeerConnection({
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceUseIpv4: true,
    iceUseIpv6: false,
    headerExtensions: { audio: [], video: [] },
    codecs: {
      video: [new RTCRtpCodecParameters({ mimeType: 'video/H264', clockRate: 90000, rtcpFeedback: feedback(), parameters: 'profile-level-id=42e01f;packetization-mode=1;level-asymmetry-allowed=1' })],
      audio: [new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2 })],
    },
  });
  // Only the kinds asked for: a player wanting picture alone offers no audio section at all.
  const video = kinds.includes('video') ? pc.addTransceiver('video', { direction: 'recvonly' }) : undefined;
  const audio = kinds.includes('audio') ? pc.addTransceiver('audio', { direction: 'recvonly' }) : undefined;
  const counters = { videoPackets: 0, audioPackets: 0, bytes: 0, keyframes: 0 };
  const listeners = new Set<(packet: RtpPacket, arrivedAt: number) => void>();
  let ssrc: number | undefined;
  video?.onTrack.subscribe((track) =>
    track.onReceiveRtp.subscribe((packet) => {
      const at = now();
      counters.videoPackets++;
      counters.bytes += packet.serializeSize;
      ssrc = packet.header.ssrc;
      if (startsKeyframe(packet.payload)) counters.keyframes++;
      for (const listener of listeners) listener(packet, at);
    }),
  );
  audio?.onTrack.subscribe((track) =>
    track.onReceiveRtp.subscribe((packet) => {
      counters.audioPackets++;
      counters.bytes += packet.serializeSize;
    }),
  );
  await pc.setLocalDescription(await pc.createOffer());
  await gathered(pc);
  const response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/sdp' }, body: pc.localDescription!.sdp });
  if (response.status !== 201) {
    await pc.close();
    throw new Error(`WHEP ${endpoint} answered ${response.status}: ${await response.text()}`);
  }
  const location = new URL(response.headers.get('location') ?? '', endpoint).toString();
  await pc.setRemoteDescription({ type: 'answer', sdp: await response.text() });
  return {
    pc,
    video,
    location,
    counters,
    onVideo(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    videoSsrc: () => ssrc,
    async sendPli() {
      if (ssrc !== undefined) await video?.receiver.sendRtcpPLI(ssrc);
    },
    async sendNack(lost) {
      if (ssrc === undefined || !video) return;
      const nack = new GenericNack({ senderSsrc: video.receiver.rtcpSsrc, mediaSourceSsrc: ssrc, lost });
      await video.receiver.dtlsTransport.sendRtcp([new RtcpTransportLayerFeedback({ feedback: nack })]);
    },
    async close() {
      await fetch(location, { method: 'DELETE' }).catch(() => undefined);
      await pc.close();
    },
  };
}

async function gathered(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 3000);
    pc.iceGatheringStateChange.subscribe((state) => {
      if (state === 'complete') {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}
