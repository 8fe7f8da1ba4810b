import { ShowflowError } from '@showflow/shared';

/**
 * The most pixels the runtime decodes from one image: an 8K frame (33 MP) fits with room;
 * a 12000×12000 "bomb" (144 MP, 430 MB as RGB, a minute of one core) is refused from its
 * header before a byte of it is decoded (docs/decisions/0040).
 */
export const MAX_DECODE_PIXELS = 50_000_000;

export function tooManyPixels(width: number, height: number, what: string): ShowflowError {
  return new ShowflowError('SF146', `${what} is ${width}×${height} (${Math.round((width * height) / 1e6)} MP); at most ${MAX_DECODE_PIXELS / 1e6} MP are decoded`);
}

/** Throws SF146 when a header's size is over the limit. */
export function checkPixelCount(width: number, height: number, what: string): void {
  if (width * height > MAX_DECODE_PIXELS) throw tooManyPixels(width, height, what);
}

/** sharp's refusal of `limitInputPixels` as the catalogue's SF146 (its message names no size). */
export function isPixelLimitError(err: unknown): boolean {
  return err instanceof Error && /pixel limit/i.test(err.message);
}

export function pixelLimitRefusal(what: string): ShowflowError {
  return new ShowflowError('SF146', `${what} has more than ${MAX_DECODE_PIXELS / 1e6} MP; larger images are not decoded`);
}
