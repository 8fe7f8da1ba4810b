export { decodeFrame, encodeJpeg, type Alloc } from './codec.ts';
export { toI420Frame, rawToI420Frame, yuvFrame, jpegDecodesToI420 } from './yuv-codec.ts';
export { i420Size, i420Planes, type I420Planes } from './i420.ts';
export { rgbToI420, i420ToRgb } from './yuv-convert.ts';
export { readJpegSize } from './jpeg-header.ts';
export { MAX_DECODE_PIXELS, checkPixelCount, tooManyPixels } from './decode-limits.ts';
export { corruptFrame } from './errors.ts';
export { assertRawFrame, assertI420Frame, assertSameShape } from './frame-check.ts';
export {
  denoiseCoefficients,
  createDenoiseState,
  denoiseTemporal,
  denoiseSpatioTemporal,
  defaultDenoiseKernel,
  type DenoiseKernel,
  type DenoiseState,
} from './denoise.ts';
export { createI420DenoiseState, denoiseI420, type I420DenoiseState } from './denoise-i420.ts';
export { buildColorTables, applyColor, neutralColor, type ColorSettings, type ColorTables } from './color.ts';
export { buildI420ColorTables, applyColorI420, type I420ColorTables } from './color-i420.ts';
export { applyLut } from './lut.ts';
export { blendOnto, type PixelRect } from './blend.ts';
export { overlayToI420, blendI420, type I420Overlay } from './blend-i420.ts';
export { psnr, meanSquaredError } from './psnr.ts';
export { SyntheticScene, timecode, mulberry32, type SceneOptions } from './scene.ts';
export { drawDigits, fillRect } from './digits.ts';
export {
  resizeRaw,
  smartCropRaw,
  scaleImage,
  loadRgba,
  loadRgb,
  renderTextImage,
  type RawPixels,
  type ResizeFit,
  type ResizeKernel,
  type TextStyle,
} from './sharp-ops.ts';
