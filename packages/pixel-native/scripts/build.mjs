/**
 * Builds the pixel kernels into dist/pixel_native.node. They need nothing beyond Node's
 * headers and a C compiler, which node-gyp needs anyway; where the compile fails the
 * package reports itself unavailable and the JavaScript kernels run instead, so a machine
 * without a compiler still installs and runs Showflow (slower).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAddon } from '../../../scripts/build-addon.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (buildAddon(root, 'pixel_native') !== 0) {
  console.warn('@showflow/pixel-native: the addon did not build (see above); the JavaScript kernels will be used.');
}
