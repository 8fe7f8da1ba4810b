import { z } from 'zod';
import { EncoderSettings } from '../encoder/encoder-settings.ts';

/**
 * Where and how to publish the program over WHIP (RFC 9725). The bearer token is never in
 * the document: `tokenSecret` names a runtime secret `SHOWFLOW_RESTREAM_KEY_<NAME>`, like
 * restream keys (decisions 0053, 0077). The encode is the program encoder's (H.264
 * constrained baseline + Opus, what every WHIP server takes) at this node's own settings.
 */
export const WhipSettings = EncoderSettings.omit({ hls: true, hlsListSize: true, viewerMaxDelayMs: true }).extend({
  /**
   * The WHIP endpoint. https, or plain http to this machine only (checked at deploy, SF645);
   * no query, fragment or user:password, where tokens would otherwise be pasted.
   */
  url: z
    .string()
    .max(1000)
    .regex(/^https?:\/\/[^\s/?#@]+(\/[^\s?#]*)?$/, 'an https:// URL without query, fragment or user:password')
    .default('http://127.0.0.1:8889/program/whip'),
  /** Name of the secret holding the bearer token: `CDN` reads SHOWFLOW_RESTREAM_KEY_CDN; empty for none. */
  tokenSecret: z.string().regex(/^([A-Z0-9_]{1,40})?$/, 'upper-case letters, digits and _ (empty: none)').default(''),
  // Restream defaults: platforms size ingest for 3 Mbit/s 720p30 with 2 s keyframes.
  videoKbps: EncoderSettings.shape.videoKbps.unwrap().default(3000),
  audioKbps: EncoderSettings.shape.audioKbps.unwrap().default(128),
});
export type WhipSettings = z.output<typeof WhipSettings>;
