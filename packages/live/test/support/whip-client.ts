import type { Page } from 'playwright-core';

export interface PlainWhipResult {
  status: number;
  location?: string;
  body?: string;
  /** The codec the answer put first on the video line: the one the sender will use. */
  negotiated?: string;
}

/**
 * What OBS or any WHIP client does, in the page: the fake camera as a sendonly VP8 or H.264 track,
 * the offer with candidates gathered, one POST with the bearer token. No capture SDK.
 * The peer connection stays open as `globalThis.whipPc`.
 */
export function sendPlainWhipVideo(page: Page, endpoint: string, token: string, codec: 'vp8' | 'h264' = 'vp8'): Promise<PlainWhipResult> {
  return page.evaluate(
    async ({ endpoint, token, codec }) => {
      const g = globalThis as any;
      const stream = await g.navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 360, frameRate: 15 } });
      const pc = new g.RTCPeerConnection();
      const transceiver = pc.addTransceiver(stream.getVideoTracks()[0], { direction: 'sendonly' });
      transceiver.setCodecPreferences(
        g.RTCRtpSender.getCapabilities('video').codecs.filter(
          (c: any) => c.mimeType.toLowerCase() === `video/${codec}` && (codec === 'vp8' || /packetization-mode=1/.test(c.sdpFmtpLine)),
        ),
      );
      const parameters = transceiver.sender.getParameters();
      parameters.degradationPreference = 'maintain-resolution';
      await transceiver.sender.setParameters(parameters);
      await pc.setLocalDescription(await pc.createOffer());
      await new Promise((resolve) => {
        if (pc.iceGatheringState === 'complete') resolve(undefined);
        pc.onicegatheringstatechange = () => pc.iceGatheringState === 'complete' && resolve(undefined);
        setTimeout(resolve, 3000);
      });
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'Content-Type': 'application/sdp', Authorization: `Bearer ${token}` },
        body: pc.localDescription.sdp,
      });
      if (response.status !== 201) return { status: response.status, body: await response.text() };
      const answer = await response.text();
      await pc.setRemoteDescription({ type: 'answer', sdp: answer });
      g.whipPc = pc;
      const firstPayload = /m=video \d+ \S+ (\d+)/.exec(answer)?.[1];
      const negotiated = new RegExp(`a=rtpmap:${firstPayload} ([\\w]+)/90000`).exec(answer)?.[1];
      return { status: response.status, location: response.headers.get('Location') ?? undefined, negotiated };
    },
    { endpoint, token, codec },
  );
}
