import type { InputPicture } from '../encoder/encoder-settings.ts';
import { ProgramOutError } from '../errors.ts';
import { restreamArgs } from './restream-args.ts';
import type { RestreamDestination } from './restream-destination.ts';
import type { RestreamKeys } from './restream-keys.ts';
import type { SrtSettings } from './srt-settings.ts';

/** MPEG-TS packets fill SRT's 1316-byte payload exactly (7 × 188). */
const SRT_PAYLOAD_BYTES = 1316;

/** SRT in caller mode to a listener (a venue encoder, a cloud gateway, a platform's SRT ingest). */
export function srtDestination(settings: SrtSettings): RestreamDestination {
  const secret = (keys: RestreamKeys, name: string) => (name ? keys.get(name) : undefined);
  return {
    label: settings.url,
    failureCode: 'SF642',
    checkSecrets(keys) {
      for (const [what, name] of [['passphrase', settings.passphrase], ['stream id', settings.streamId]] as const) {
        if (name && !keys.get(name)) throw new ProgramOutError('SF643', `no SRT ${what}: set SHOWFLOW_RESTREAM_KEY_${name} in the runtime's environment`);
      }
      const passphrase = secret(keys, settings.passphrase);
      if (passphrase !== undefined && (passphrase.length < 10 || passphrase.length > 79)) {
        throw new ProgramOutError('SF644', `the SRT passphrase in SHOWFLOW_RESTREAM_KEY_${settings.passphrase} must be 10–79 characters (it has ${passphrase.length})`);
      }
    },
    args(picture: InputPicture, keys: RestreamKeys) {
      const query = new URLSearchParams({ mode: 'caller', latency: String(settings.latencyMs * 1000), pkt_size: String(SRT_PAYLOAD_BYTES) });
      const passphrase = secret(keys, settings.passphrase);
      const streamId = secret(keys, settings.streamId);
      if (passphrase) query.set('passphrase', passphrase);
      if (streamId) query.set('streamid', streamId);
      return restreamArgs(settings, picture, ['-f', 'mpegts', `${settings.url}?${query.toString()}`]);
    },
  };
}
