export { decodeFrame, encodeJpeg, type Alloc } from './codec.ts';
export { readJpegSize } from './jpeg-header.ts';
export { corruptFrame } from './errors.ts';
export { assertRawFrame, assertSameShape } from './frame-check.ts';
export {
  denoiseCoefficients,
  createDenoiseState,
  denoiseTemporal,
  denoiseSpatioTemporal,
  type DenoiseState,
} from './denoise.ts';
export { buildColorTables, applyColor, neutralColor, type ColorSettings, type ColorTables } from './color.ts';
export { blendOnto, type PixelRect } from './blend.ts';
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
