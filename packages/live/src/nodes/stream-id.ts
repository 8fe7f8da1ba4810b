import { z } from 'zod';

/** Stream ids appear in URLs and metric labels: letters, digits, `-` and `_`. */
export const StreamId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'letters, digits, - and _ (at most 64), starting with a letter or digit');
