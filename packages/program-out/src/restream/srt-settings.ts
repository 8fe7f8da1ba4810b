import { z } from 'zod';
import { RestreamSettings } from './restream-settings.ts';

const secretName = z.string().regex(/^([A-Z0-9_]{1,40})?$/, 'upper-case letters, digits and _ (empty: none)');

/**
 * Where and how to send the program over SRT (caller mode) as MPEG-TS. Like RTMP keys, the
 * passphrase and stream id are never in the document: each names a runtime secret
 * `SHOWFLOW_RESTREAM_KEY_<NAME>` (decision 0061). Empty: not used.
 */
export const SrtSettings = RestreamSettings.omit({ url: true, streamKey: true }).extend({
  /** The listener's address, e.g. srt://ingest.example.com:9000 (options come from the fields below). */
  url: z
    .string()
    .max(300)
    .regex(/^srt:\/\/[^\s/?#:]+:\d{1,5}$/, 'srt://host:port, without options')
    .default('srt://127.0.0.1:9000'),
  /** Secret holding the encryption passphrase (10–79 characters); empty for no encryption. */
  passphrase: secretName.default(''),
  /** Secret holding the SRT stream id the listener expects (often the platform's key); empty for none. */
  streamId: secretName.default(''),
  /** SRT receive latency: how long the link may take to repair loss. */
  latencyMs: z.number().int().min(20).max(8000).default(200),
});
export type SrtSettings = z.output<typeof SrtSettings>;
