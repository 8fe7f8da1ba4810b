import { expect, it } from 'vitest';
import { withBitrateHints } from './peer-config.ts';
import { findSdpProblem } from './sdp-check.ts';

it('adds bitrate hints to every VP8 and H.264 payload of an answer, with or without fmtp', () => {
  const answer = [
    'v=0',
    'm=video 9 UDP/TLS/RTP/SAVPF 96 97',
    'a=rtpmap:96 VP8/90000',
    'a=rtpmap:97 H264/90000',
    'a=fmtp:97 packetization-mode=1',
    'a=rtpmap:98 rtx/90000',
    'a=fmtp:98 apt=96',
    '',
  ].join('\r\n');
  const hinted = withBitrateHints(answer, { start: 3000, min: 1000, max: 6000 });
  expect(hinted).toContain('a=fmtp:96 x-google-start-bitrate=3000;x-google-min-bitrate=1000;x-google-max-bitrate=6000');
  expect(hinted).toContain('a=fmtp:97 packetization-mode=1;x-google-start-bitrate=3000');
  expect(hinted).toContain('a=fmtp:98 apt=96\r\n');
});

it('accepts a minimal complete offer', () => {
  const offer = ['v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 'm=application 9 UDP/DTLS/SCTP webrtc-datachannel', 'a=ice-ufrag:abcd', 'a=fingerprint:sha-256 00', ''].join('\r\n');
  expect(findSdpProblem(offer)).toBeUndefined();
  expect(findSdpProblem(offer.replace('a=fingerprint:sha-256 00\r\n', ''))).toMatch(/fingerprint/);
});
