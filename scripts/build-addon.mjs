/**
 * Builds a package's node-gyp addon from `<package>/native` into `<package>/dist/<name>.node`.
 * Skips the compile when the addon is newer than its sources: turbo runs the addons'
 * builds on every `npm test` uncached, because whether an addon can be built depends on
 * the machine (a compiler, a library's headers), which turbo's input hash cannot see.
 * Returns node-gyp's exit status; 0 when the addon was up to date or built.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function buildAddon(packageRoot, name) {
  const native = join(packageRoot, 'native');
  const target = join(packageRoot, 'dist', `${name}.node`);
  const newestSource = Math.max(...readdirSync(native).filter((f) => /\.(c|h|gyp)$/.test(f)).map((f) => statSync(join(native, f)).mtimeMs));
  if (existsSync(target) && statSync(target).mtimeMs >= newestSource) return 0;

  const gyp = join(packageRoot, 'node_modules', '.bin', 'node-gyp');
  const bin = existsSync(gyp) ? gyp : 'node-gyp';
  const result = spawnSync(bin, ['rebuild', '--directory', native], { stdio: 'inherit', env: process.env });
  if (result.status !== 0) return result.status ?? 1;
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(native, 'build', 'Release', `${name}.node`), target);
  console.log(`built ${target}`);
  return 0;
}
