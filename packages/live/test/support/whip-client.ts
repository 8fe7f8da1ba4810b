import type { Page } from 'playwright-core';

export interface PlainWhipResult {
  status: number;
  location?: string;
  body?: string;
  /** The codec the answer put first on the video line: the one the sender will use. */
  negotiated?: string;
  /** The same for the audio line. */
  negotiatedAudio?: string;
}

export type WhipVideoCodec = 'vp8' | 'vp9' | 'h264' | 'av1';

export interface PlainWhipOptions {
  /** Video codec to offer (only this one), or no video track. */
  video?: WhipVideoCodec;
  /** For H.264: only this profile-level-id (e.g. `42e01f` constrained baseline, `4d001f` main). */
  h264Profile?: string;
  /** `camera`: Chromium's fake camera; `clock`: a canvas with the send time drawn in (see clock-barcode.ts). */
  source?: 'camera' | 'clock';
  width?: number;
  height?: number;
  fps?: number;
  /** An OscillatorNode tone at this frequency as an Opus track. */
  toneHz?: number;
  /**
   * Video and audio from FLASH_BEEP_SCRIPT (load it in the page first): a white flash and a
   * beep together once per `periodMs`. Replaces `source` and `toneHz`.
   */
  flashBeepPeriodMs?: number;
}

/**
 * What OBS or any WHIP client does, in the page: sendonly tracks with the chosen codec,
 * the offer with candidates gathered, one POST with the bearer token. No capture SDK.
 * The peer connection stays open as `globalThis.whipPc`. A `clock` source needs
 * CLOCK_CANVAS_SCRIPT loaded in the page first.
 */
export function sendPlainWhip(page: Page, endpoint: string, token: string, options: PlainWhipOptions): Promise<PlainWhipResult> {
  return page.evaluate(
    async ({ endpoint, token, options }) => {
      const g = globalThis as any;
      const { video, h264Profile, source = 'camera', width = 640, height = 360, fps = 15, toneHz, flashBeepPeriodMs } = options;
      const pc = new g.RTCPeerConnection();
      const flashBeep = flashBeepPeriodMs ? await g.startFlashBeep(width, height, fps, flashBeepPeriodMs) : undefined;
      if (video) {
        const stream = flashBeep
          ? flashBeep.video
          : source === 'clock'
            ? g.startClockCanvas(width, height, fps)
            : await g.navigator.mediaDevices.getUserMedia({ video: { width, height, frameRate: fps } });
        const transceiver = pc.addTransceiver(stream.getVideoTracks()[0], { direction: 'sendonly' });
        transceiver.setCodecPreferences(
          g.RTCRtpSender.getCapabilities('video').codecs.filter((c: any) => {
            if (c.mimeType.toLowerCase() !== `video/${video}`) return false;
            if (video === 'h264') return /packetization-mode=1/.test(c.sdpFmtpLine) && (!h264Profile || c.sdpFmtpLine.includes(`profile-level-id=${h264Profile}`));
            if (video === 'vp9') return /profile-id=0/.test(c.sdpFmtpLine ?? '');
            return true;
          }),
        );
        const parameters = transceiver.sender.getParameters();
        parameters.degradationPreference = 'maintain-resolution';
        await transceiver.sender.setParameters(parameters);
      }
      if (flashBeep) {
        pc.addTransceiver(flashBeep.audio.getAudioTracks()[0], { direction: 'sendonly' });
      } else if (toneHz) {
        const audio = new g.AudioContext({ sampleRate: 48000 });
        await audio.resume();
        const oscillator = audio.createOscillator();
        oscillator.frequency.value = toneHz;
        const gain = audio.createGain();
        gain.gain.value = 0.5;
        const destination = audio.createMediaStreamDestination();
        oscillator.connect(gain).connect(destination);
        oscillator.start();
        g.whipAudio = audio;
        pc.addTransceiver(destination.stream.getAudioTracks()[0], { direction: 'sendonly' });
      }
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
      // No named function in here: a bundler that keeps names (tsx) would wrap it in a helper the page lacks.
      const [negotiated, negotiatedAudio] = [
        ['video', '90000'],
        ['audio', '48000'],
      ].map(([kind, rate]) => {
        const payload = new RegExp(`m=${kind} \\d+ \\S+ (\\d+)`).exec(answer)?.[1];
        return new RegExp(`a=rtpmap:${payload} ([\\w]+)/${rate}`).exec(answer)?.[1];
      });
      return { status: response.status, location: response.headers.get('Location') ?? undefined, negotiated, negotiatedAudio };
    },
    { endpoint, token, options },
  );
}

/** The fake camera as a sendonly VP8 or H.264 track (kept for callers from before `sendPlainWhip`). */
export function sendPlainWhipVideo(page: Page, endpoint: string, token: string, codec: 'vp8' | 'h264' = 'vp8'): Promise<PlainWhipResult> {
  return sendPlainWhip(page, endpoint, token, { video: codec });
}
