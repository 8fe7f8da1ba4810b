import { expect, it } from 'vitest';
import { acceptBundleOnlySections } from './bundle-only.ts';

const offer = (audioLines: string[], group = 'a=group:BUNDLE video0 audio1') =>
  ['v=0', 'o=- 1 0 IN IP4 0.0.0.0', 's=-', 't=0 0', group, 'm=video 9 UDP/TLS/RTP/SAVPF 96', 'a=mid:video0', ...audioLines, ''].join('\r\n');

it('opens a bundle-only audio section offered with port 0, keeping every other line', () => {
  const sdp = offer(['m=audio 0 UDP/TLS/RTP/SAVPF 111', 'a=bundle-only', 'a=mid:audio1', 'a=rtpmap:111 OPUS/48000/2']);
  const opened = acceptBundleOnlySections(sdp);
  expect(opened).toContain('\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n');
  expect(opened.replace('m=audio 9', 'm=audio 0')).toBe(sdp);
});

it('leaves a rejected section (port 0 without bundle-only) rejected', () => {
  const sdp = offer(['m=audio 0 UDP/TLS/RTP/SAVPF 111', 'a=mid:audio1']);
  expect(acceptBundleOnlySections(sdp)).toBe(sdp);
});

it('leaves a bundle-only section outside the BUNDLE group alone', () => {
  const sdp = offer(['m=audio 0 UDP/TLS/RTP/SAVPF 111', 'a=bundle-only', 'a=mid:audio1'], 'a=group:BUNDLE video0');
  expect(acceptBundleOnlySections(sdp)).toBe(sdp);
});
