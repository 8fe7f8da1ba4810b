import type { InputPicture } from '../encoder/encoder-settings.ts';
import { ProgramOutError } from '../errors.ts';
import { restreamArgs } from './restream-args.ts';
import type { RestreamDestination } from './restream-destination.ts';
import type { RestreamKeys } from './restream-keys.ts';
import type { RestreamSettings } from './restream-settings.ts';

/** RTMP(S) to a platform: the stream key, a runtime secret, is the last path segment. */
export function rtmpDestination(settings: RestreamSettings): RestreamDestination {
  return {
    label: settings.url,
    failureCode: 'SF639',
    checkSecrets(keys: RestreamKeys) {
      if (!keys.get(settings.streamKey)) {
        throw new ProgramOutError('SF640', `no stream key: set SHOWFLOW_RESTREAM_KEY_${settings.streamKey} in the runtime's environment`);
      }
    },
    args(picture: InputPicture, keys: RestreamKeys) {
      const url = `${settings.url.replace(/\/$/, '')}/${keys.get(settings.streamKey)}`;
      return restreamArgs(settings, picture, ['-f', 'flv', '-flvflags', 'no_duration_filesize', url]);
    },
  };
}
