import type { AnyNodeDefinition } from '../sdk/index.ts';
import { NodeCatalog } from '../sdk/index.ts';
import { syntheticCapture } from './synthetic-capture.ts';
import { imageFile } from './image-file.ts';
import { imageSequence } from './image-sequence.ts';
import { denoise } from './denoise.ts';
import { resize } from './resize.ts';
import { colorCorrect } from './color-correct.ts';
import { smartCrop } from './smart-crop.ts';
import { textOverlay } from './text-overlay.ts';
import { imageOverlay } from './image-overlay.ts';
import { compose } from './compose.ts';
import { encodeJpeg } from './encode-jpeg.ts';
import { fileSink } from './file-sink.ts';
import { preview } from './preview.ts';
import { nullSink } from './null-sink.ts';
import { psnrProbe } from './psnr-probe.ts';
import { sceneSwitcher } from './scene-switcher/index.ts';

export {
  syntheticCapture,
  imageFile,
  imageSequence,
  denoise,
  resize,
  colorCorrect,
  smartCrop,
  textOverlay,
  imageOverlay,
  compose,
  encodeJpeg,
  fileSink,
  preview,
  nullSink,
  psnrProbe,
  sceneSwitcher,
};

/** Every node type that ships with Showflow, in palette order. */
export const builtinNodes: AnyNodeDefinition[] = [
  syntheticCapture,
  imageFile,
  imageSequence,
  textOverlay,
  imageOverlay,
  denoise,
  resize,
  colorCorrect,
  smartCrop,
  compose,
  sceneSwitcher,
  encodeJpeg,
  psnrProbe,
  preview,
  fileSink,
  nullSink,
];

export function createBuiltinCatalog(): NodeCatalog {
  return new NodeCatalog(builtinNodes, 'builtin');
}
