/**
 * Builds the TurboJPEG addon into dist/jpeg_turbo.node. Without libjpeg-turbo's headers
 * it builds nothing and says so: the loader then reports the addon unavailable and
 * Showflow uses its slower RGB path, so a machine without the library still installs,
 * builds and runs. With the headers present a failed compile is a real error.
 * Skips the compile when the addon is newer than its sources: turbo runs this on every
 * `npm test` uncached (turbo.json), because whether the addon can be built depends on
 * the machine — libturbojpeg installed or not — which turbo's input hash cannot see.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const native = join(root, 'native');
const target = join(root, 'dist', 'jpeg_turbo.node');
const built = join(native, 'build', 'Release', 'jpeg_turbo.node');

const headerDirs = ['/usr/include', '/usr/local/include', '/opt/homebrew/include', '/opt/libjpeg-turbo/include'];
if (!headerDirs.some((dir) => existsSync(join(dir, 'turbojpeg.h')))) {
  console.log('@showflow/jpeg-turbo: turbojpeg.h not found (Debian: apt-get install libturbojpeg0-dev); skipping the addon, the RGB path will be used.');
  process.exit(0);
}

const newestSource = Math.max(...readdirSync(native).filter((f) => /\.(c|h|gyp)$/.test(f)).map((f) => statSync(join(native, f)).mtimeMs));
if (existsSync(target) && statSync(target).mtimeMs >= newestSource) process.exit(0);

const gyp = join(root, 'node_modules', '.bin', 'node-gyp');
const bin = existsSync(gyp) ? gyp : 'node-gyp';
const result = spawnSync(bin, ['rebuild', '--directory', native], { stdio: 'inherit', env: process.env });
if (result.status !== 0) {
  console.error('@showflow/jpeg-turbo: the addon failed to build (see above).');
  process.exit(result.status ?? 1);
}
mkdirSync(dirname(target), { recursive: true });
copyFileSync(built, target);
console.log(`@showflow/jpeg-turbo: built ${target}`);
