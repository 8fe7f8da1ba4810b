import { i420Size } from '@showflow/jpeg-turbo';

export { i420Size };

/**
 * Views of the three planes of an I420 buffer (`yuv420` frames): Y is width × height,
 * U and V are ceil(width/2) × ceil(height/2) each, stored one after the other with no
 * padding. Chroma sample (cx, cy) covers luma pixels (2cx..2cx+1, 2cy..2cy+1).
 */
export interface I420Planes {
  y: Uint8Array;
  u: Uint8Array;
  v: Uint8Array;
  width: number;
  height: number;
  chromaWidth: number;
  chromaHeight: number;
}

export function i420Planes(data: Uint8Array, width: number, height: number): I420Planes {
  const chromaWidth = Math.ceil(width / 2);
  const chromaHeight = Math.ceil(height / 2);
  const luma = width * height;
  const chroma = chromaWidth * chromaHeight;
  return {
    y: data.subarray(0, luma),
    u: data.subarray(luma, luma + chroma),
    v: data.subarray(luma + chroma, luma + 2 * chroma),
    width,
    height,
    chromaWidth,
    chromaHeight,
  };
}
