/**
 * Builds the TurboJPEG addon into dist/jpeg_turbo.node. Without libjpeg-turbo's headers
 * it builds nothing and says so: the loader then reports the addon unavailable and
 * Showflow uses its slower RGB path, so a machine without the library still installs,
 * builds and runs. With the headers present a failed compile is a real error.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildAddon } from '../../../scripts/build-addon.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

const headerDirs = ['/usr/include', '/usr/local/include', '/opt/homebrew/include', '/opt/libjpeg-turbo/include'];
if (!headerDirs.some((dir) => existsSync(join(dir, 'turbojpeg.h')))) {
  console.log('@showflow/jpeg-turbo: turbojpeg.h not found (Debian: apt-get install libturbojpeg0-dev); skipping the addon, the RGB path will be used.');
  process.exit(0);
}

const status = buildAddon(root, 'jpeg_turbo');
if (status !== 0) console.error('@showflow/jpeg-turbo: the addon failed to build (see above).');
process.exit(status);
