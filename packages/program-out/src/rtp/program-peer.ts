import { RTCPeerConnection, RTCRtpCodecParameters, useFIR, useNACK, usePLI, type PeerConfig } from 'werift';
import type { IceOptions } from '@showflow/live';

/**
 * What the program encoder produces, as every program peer states it (WHEP answers, WHIP
 * offers): H.264 constrained baseline, Opus stereo.
 */
export function programCodecs(): PeerConfig['codecs'] {
  return {
    video: [
      new RTCRtpCodecParameters({
        mimeType: 'video/H264',
        clockRate: 90000,
        rtcpFeedback: [useNACK(), usePLI(), useFIR()],
        parameters: 'profile-level-id=42e01f;packetization-mode=1;level-asymmetry-allowed=1',
      }),
    ],
    audio: [new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2, parameters: 'minptime=10;useinbandfec=1;stereo=1' })],
  };
}

/** A werift peer that sends the program: its codecs, no bandwidth-estimation extensions, ICE as configured. */
export function createProgramPeer(ice: IceOptions = {}, extra: Partial<PeerConfig> = {}): RTCPeerConnection {
  return new RTCPeerConnection({
    iceAdditionalHostAddresses: ice.additionalHostAddresses ?? ['127.0.0.1'],
    iceUseIpv4: true,
    iceUseIpv6: ice.useIpv6 ?? false,
    icePortRange: ice.portRange,
    // Feedback is NACK, PLI and FIR only; the one encode serves everyone, so per-viewer bandwidth
    // estimation (TWCC/REMB) would have nothing to steer.
    headerExtensions: { audio: [], video: [] },
    codecs: programCodecs(),
    ...extra,
  });
}

/** Resolves once candidates are gathered (or after `timeoutMs`), so the description can be sent whole: no trickle. */
export async function iceGathered(pc: RTCPeerConnection, timeoutMs = 3000): Promise<void> {
  if (pc.iceGatheringState === 'complete') return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    pc.iceGatheringStateChange.subscribe((state) => {
      if (state === 'complete') {
        clearTimeout(timer);
        resolve();
      }
    });
  });
}
