import type { Page } from 'playwright-core';

export interface PlainWhipResult {
  status: number;
  location?: string;
  body?: string;
}

/**
 * What OBS or any WHIP client does, in the page: the fake camera as a sendonly VP8 track,
 * the offer with candidates gathered, one POST with the bearer token. No capture SDK.
 * The peer connection stays open as `globalThis.whipPc`.
 */
export function sendPlainWhipVideo(page: Page, endpoint: string, token: string): Promise<PlainWhipResult> {
  return page.evaluate(
    async ({ endpoint, token }) => {
      const g = globalThis as any;
      const stream = await g.navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 360, frameRate: 15 } });
      const pc = new g.RTCPeerConnection();
      const transceiver = pc.addTransceiver(stream.getVideoTracks()[0], { direction: 'sendonly' });
      transceiver.setCodecPreferences(g.RTCRtpSender.getCapabilities('video').codecs.filter((c: any) => c.mimeType.toLowerCase() === 'video/vp8'));
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
      await pc.setRemoteDescription({ type: 'answer', sdp: await response.text() });
      g.whipPc = pc;
      return { status: response.status, location: response.headers.get('Location') ?? undefined };
    },
    { endpoint, token },
  );
}
