import { useDelayedSctpAcks } from './sctp-ack-tuning.ts';
import { enlargeIceSocketBuffers } from './socket-buffers.ts';
import { RTCPeerConnection, RTCRtpCodecParameters, useNACK, usePLI, type PeerConfig } from 'werift';

export interface IceOptions {
  /**
   * Host addresses offered as ICE candidates in addition to the machine's interfaces.
   * werift skips loopback when it enumerates interfaces, so on a machine whose only
   * interface is `lo` (CI containers, one-box demos) nothing would be gathered;
   * `127.0.0.1` is added by default so sender, runtime and viewer can share one machine.
   */
  additionalHostAddresses?: string[];
  /** UDP port range for ICE sockets, for firewalls. */
  portRange?: [number, number];
  useIpv6?: boolean;
}

/** Above werift's default 64 KiB so senders may use larger chunks; Chromium honours it. */
export const MAX_DATA_CHANNEL_MESSAGE_BYTES = 256 * 1024;

export function createPeerConnection(ice: IceOptions = {}, withVideo = false): RTCPeerConnection {
  const config: Partial<PeerConfig> = {
    iceAdditionalHostAddresses: ice.additionalHostAddresses ?? ['127.0.0.1'],
    iceUseIpv4: true,
    iceUseIpv6: ice.useIpv6 ?? false,
    icePortRange: ice.portRange,
    maxMessageSize: MAX_DATA_CHANNEL_MESSAGE_BYTES,
    // No TWCC/REMB: with werift's transport-wide feedback Chromium collapsed to 180p.
    headerExtensions: { audio: [], video: [] },
    codecs: withVideo ? { audio: [], video: ingestVideoCodecs() } : { audio: [], video: [] },
  };
  return new RTCPeerConnection(config);
}

function ingestVideoCodecs(): RTCRtpCodecParameters[] {
  const feedback = () => [useNACK(), usePLI()];
  return [
    new RTCRtpCodecParameters({ mimeType: 'video/VP8', clockRate: 90000, rtcpFeedback: feedback() }),
    new RTCRtpCodecParameters({
      mimeType: 'video/H264',
      clockRate: 90000,
      rtcpFeedback: feedback(),
      parameters: 'profile-level-id=42e01f;packetization-mode=1;level-asymmetry-allowed=1',
    }),
  ];
}

/**
 * Without congestion feedback Chromium starts low and stays there; these hints (read by
 * libwebrtc from the answer) let it send full-resolution video from the first second.
 */
export function withBitrateHints(answerSdp: string, kbps = { start: 4000, min: 1500, max: 8000 }): string {
  const hint = `x-google-start-bitrate=${kbps.start};x-google-min-bitrate=${kbps.min};x-google-max-bitrate=${kbps.max}`;
  const lines = answerSdp.split('\r\n');
  const out: string[] = [];
  const withFmtp = new Set<string>();
  for (const line of lines) {
    const fmtp = /^a=fmtp:(\d+) (.*)$/.exec(line);
    if (fmtp) withFmtp.add(fmtp[1]);
  }
  for (const line of lines) {
    const fmtp = /^a=fmtp:(\d+) (.*)$/.exec(line);
    const rtpmap = /^a=rtpmap:(\d+) (VP8|H264)\/90000$/i.exec(line);
    if (fmtp && isVideoPayload(lines, fmtp[1])) out.push(`${line};${hint}`);
    else out.push(line);
    if (rtpmap && !withFmtp.has(rtpmap[1])) out.push(`a=fmtp:${rtpmap[1]} ${hint}`);
  }
  return out.join('\r\n');
}

function isVideoPayload(lines: string[], payloadType: string): boolean {
  return lines.some((line) => new RegExp(`^a=rtpmap:${payloadType} (VP8|H264)/90000$`, 'i').test(line));
}

/** Resolves once candidates are gathered, so the answer can be sent whole (no trickle). */
export async function answerOffer(pc: RTCPeerConnection, offerSdp: string): Promise<string> {
  await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
  useDelayedSctpAcks(pc);
  await pc.setLocalDescription(await pc.createAnswer());
  if (pc.iceGatheringState !== 'complete') {
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
  enlargeIceSocketBuffers(pc);
  const sdp = pc.localDescription?.sdp;
  if (!sdp) throw new Error('no local description after answering');
  return sdp;
}
