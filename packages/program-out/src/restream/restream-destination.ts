import type { InputPicture } from '../encoder/encoder-settings.ts';
import type { RestreamKeys } from './restream-keys.ts';

/**
 * Where one restream goes and how ffmpeg gets there (RTMP, SRT). Secrets are read from the
 * runtime's keys only when a run starts; `label` is what messages and the canvas may show.
 */
export interface RestreamDestination {
  /** The destination without any secret, for messages. */
  label: string;
  /** Catalogued code for "the destination refused or dropped the connection". */
  failureCode: 'SF639' | 'SF642';
  /** Throws a catalogued error when a secret it needs is missing or unusable. */
  checkSecrets(keys: RestreamKeys): void;
  /** ffmpeg arguments for a run (the raw inputs on pipe:0 and pipe:3, progress on pipe:1). */
  args(picture: InputPicture, keys: RestreamKeys): string[];
}
