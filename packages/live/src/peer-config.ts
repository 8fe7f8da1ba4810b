import { acceptBundleOnlySections } from './bundle-only.ts';
import { useDelayedSctpAcks } from './sctp-ack-tuning.ts';
import { enlargeIceSocketBuffers } from './socket-buffers.ts';
import { RTCPeerConnection, RTCRtpCodecParameters, useNACK, usePLI, type PeerConfig } from 'werift';
import type { VideoCodec } from './codec-support.ts';

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

/** What a session may receive besides data channels: decodable video codecs, and Opus audio. */
export interface ReceivableMedia {
  video: VideoCodec[];
  audio: boolean;
}

export function createPeerConnection(ice: IceOptions = {}, media: ReceivableMedia = { video: [], audio: false }): RTCPeerConnection {
  const config: Partial<PeerConfig> = {
    iceAdditionalHostAddresses: ice.additionalHostAddresses ?? ['127.0.0.1'],
    iceUseIpv4: true,
    iceUseIpv6: ice.useIpv6 ?? false,
    icePortRange: ice.portRange,
    maxMessageSize: MAX_DATA_CHANNEL_MESSAGE_BYTES,
    // No TWCC/REMB: with werift's transport-wide feedback Chromium collapsed to 180p.
    headerExtensions: { audio: [], video: [] },
    codecs: { audio: media.audio ? [opusCodec()] : [], video: ingestVideoCodecs(media.video) },
  };
  return new RTCPeerConnection(config);
}

/**
 * In the order the answer prefers them (VP8 costs least to decode). werift pairs each entry
 * with the offer's next codec of the same name, so the two H.264 entries accept whichever
 * profiles (constrained baseline, main, high) the sender lists first; ffmpeg decodes them all.
 */
function ingestVideoCodecs(decodable: VideoCodec[]): RTCRtpCodecParameters[] {
  const feedback = () => [useNACK(), usePLI()];
  const video = (mimeType: string, parameters?: string) => new RTCRtpCodecParameters({ mimeType, clockRate: 90000, rtcpFeedback: feedback(), parameters });
  const byCodec: Record<VideoCodec, RTCRtpCodecParameters[]> = {
    vp8: [video('video/VP8')],
    h264: [
      video('video/H264', 'profile-level-id=42e01f;packetization-mode=1;level-asymmetry-allowed=1'),
      video('video/H264', 'profile-level-id=640c1f;packetization-mode=1;level-asymmetry-allowed=1'),
    ],
    vp9: [video('video/VP9', 'profile-id=0')],
    av1: [video('video/AV1')],
  };
  return (['vp8', 'h264', 'vp9', 'av1'] as const).filter((codec) => decodable.includes(codec)).flatMap((codec) => byCodec[codec]);
}

function opusCodec(): RTCRtpCodecParameters {
  return new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2, parameters: 'minptime=10;useinbandfec=1' });
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
  return lines.some((line) => new RegExp(`^a=rtpmap:${payloadType} (VP8|VP9|H264|AV1)/90000$`, 'i').test(line));
}

/** Resolves once candidates are gathered, so the answer can be sent whole (no trickle). */
export async function answerOffer(pc: RTCPeerConnection, offerSdp: string): Promise<string> {
  await pc.setRemoteDescription({ type: 'offer', sdp: acceptBundleOnlySections(offerSdp) });
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
