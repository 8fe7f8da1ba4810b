import { CommerceError } from './errors.ts';

/*
 * What a viewer may put on the program output. Control and bidi-override characters are
 * removed (they reorder or hide text on screen), whitespace is collapsed, and messages
 * with links or words on the block list are refused rather than silently edited, so the
 * viewer knows why. The list is short on purpose: a studio extends it, the producer's
 * minimum amount and the tip overlay's own settings do the rest.
 */
const invisible = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;
const link = /(https?:\/\/|www\.|\b[a-z0-9-]+\.(com|net|org|io|gg|ru|xyz|ly|me|tv)\b)/i;
const defaultBlocked = ['nigger', 'faggot', 'retard', 'kike', 'spic'];

export function cleanTipText(value: string, field: 'message' | 'displayName', maxLength: number, blocked: string[] = defaultBlocked): string {
  const text = value.normalize('NFKC').replace(invisible, '').replace(/\s+/g, ' ').trim();
  if ([...text].length > maxLength) throw new CommerceError('SF424', `${field} is longer than ${maxLength} characters`, [field]);
  if (link.test(text)) throw new CommerceError('SF424', `${field} may not contain links`, [field]);
  const lower = text.toLowerCase();
  if (blocked.some((word) => lower.includes(word))) throw new CommerceError('SF424', `${field} contains words the show does not put on screen`, [field]);
  return text;
}
