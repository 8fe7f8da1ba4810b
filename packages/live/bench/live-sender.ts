/**
 * The sending side of a glass-to-glass run: what the sender page does and how the viewer
 * reads a picture's age. The capture SDK (JPEG over a data channel) stamps each frame with
 * its capture time; a plain WHIP sender's video track carries none the viewer can see, so
 * its canvas has the send time drawn in and the viewer reads it back from the picture.
 */
import type { Page } from 'playwright-core';
import { ANIMATED_CANVAS_SCRIPT, CLOCK_CANVAS_SCRIPT, sendPlainWhip, type WhipVideoCodec } from '../test/support/index.ts';

export interface SenderSetup {
  runtimeUrl: string;
  token: string;
  streamId: string;
  width: number;
  height: number;
  fps: number;
  quality: number;
}

export interface SenderStats {
  /** Frames sent so far. */
  sent: number;
  /** Frames encoded and then replaced by a newer one (never sent). */
  dropped: number;
  /** Frames skipped before encoding. */
  skipped: number;
  encodeMsP50: number;
  /** Send → gateway acknowledgement (data channel senders only; NaN otherwise). */
  ackMsP50: number;
  /**
   * Seconds the browser's encoder spent limited, by reason (WebRTC's qualityLimitationDurations:
   * `cpu`, `bandwidth`, `other`): why a WebRTC sender sent fewer frames than asked. WHIP senders only.
   */
  limitedS?: Record<string, number>;
}

export interface LiveSender {
  /** Names the run in the rows, e.g. `SDK JPEG q0.7` or `WHIP VP8`. */
  label: string;
  /** `captureTs`: the frame's capture time as the viewer gets it; `barcode`: the send time drawn in the picture. */
  latencyFrom: 'captureTs' | 'barcode';
  start(page: Page, setup: SenderSetup): Promise<void>;
  stats(page: Page): Promise<SenderStats>;
  stop(page: Page): Promise<void>;
}

/** The capture SDK sending an animated canvas as JPEG over the WebRTC data channel. */
export function sdkJpegSender(quality: number): LiveSender {
  return {
    label: `SDK JPEG q${quality}`,
    latencyFrom: 'captureTs',
    async start(page, { runtimeUrl, token, streamId, width, height, fps }) {
      await page.addScriptTag({ content: ANIMATED_CANVAS_SCRIPT });
      await page.evaluate(
        async ({ url, token, streamId, width, height, fps, quality }) => {
          const g = globalThis as any;
          const canvas = g.startAnimatedCanvas(width, height, fps);
          g.session = await g.sdk.startCapture({ server: url, streamId, token, source: { kind: 'canvas', canvas }, width, height, fps, quality, transport: 'webrtc' });
        },
        { url: runtimeUrl, token, streamId, width, height, fps, quality },
      );
    },
    async stats(page) {
      const s = await page.evaluate(() => (globalThis as any).session.stats());
      return { sent: s.sent, dropped: s.dropped, skipped: s.skipped, encodeMsP50: s.encodeMsP50, ackMsP50: s.ackMsP50 };
    },
    async stop(page) {
      await page.evaluate(() => (globalThis as any).session.stop());
    },
  };
}

/** A plain WHIP sender (no SDK): a canvas with the send time drawn in, as one video track of `codec`. */
export function whipSender(codec: WhipVideoCodec): LiveSender {
  return {
    label: `WHIP ${codec === 'h264' ? 'H.264' : codec.toUpperCase()}`,
    latencyFrom: 'barcode',
    async start(page, { runtimeUrl, token, streamId, width, height, fps }) {
      await page.addScriptTag({ content: CLOCK_CANVAS_SCRIPT });
      const result = await sendPlainWhip(page, `${runtimeUrl}/live/whip/${streamId}`, token, { video: codec, source: 'clock', width, height, fps });
      if (result.status !== 201) throw new Error(`WHIP ${codec} offer refused: ${result.status} ${result.body ?? ''}`);
      await page.evaluate(({ location, token }) => Object.assign(globalThis, { whipEnd: { location, token } }), { location: new URL(result.location ?? '', runtimeUrl).href, token });
    },
    async stats(page) {
      return page.evaluate(async () => {
        const report = await (globalThis as any).whipPc.getStats();
        let sent = 0;
        let encoded = 0;
        let encodeS = 0;
        const limitedS: Record<string, number> = {};
        report.forEach((s: any) => {
          if (s.type === 'outbound-rtp' && s.kind === 'video') {
            sent += s.framesSent ?? 0;
            encoded += s.framesEncoded ?? 0;
            encodeS += s.totalEncodeTime ?? 0;
            for (const [reason, seconds] of Object.entries(s.qualityLimitationDurations ?? {})) {
              if (reason !== 'none') limitedS[reason] = (limitedS[reason] ?? 0) + (seconds as number);
            }
          }
        });
        // WebRTC reports the mean encode time, not a median.
        return { sent, dropped: Math.max(0, encoded - sent), skipped: 0, encodeMsP50: encoded ? (encodeS * 1000) / encoded : NaN, ackMsP50: NaN, limitedS };
      });
    },
    async stop(page) {
      // WHIP ends a session with DELETE on its resource, so the stream takes the next sender at once.
      await page.evaluate(async () => {
        const g = globalThis as any;
        await fetch(g.whipEnd.location, { method: 'DELETE', headers: { Authorization: `Bearer ${g.whipEnd.token}` } });
        g.whipPc.close();
      });
    },
  };
}
