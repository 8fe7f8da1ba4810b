import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { editorDir, repoDir } from './paths.ts';

/** Newest modification time of any file under `dir` (node_modules and build output skipped). */
function newest(dir: string): number {
  if (!existsSync(dir)) return 0;
  const stat = statSync(dir);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = 0;
  for (const entry of readdirSync(dir)) {
    if (entry === 'node_modules' || entry === '.next' || entry === 'e2e') continue;
    max = Math.max(max, newest(path.join(dir, entry)));
  }
  return max;
}

/**
 * Builds the editor unless `.next` already holds a build newer than every source it
 * depends on (CI builds first with `turbo run build`).
 */
export function ensureEditorBuilt(): void {
  const buildId = path.join(editorDir, '.next', 'BUILD_ID');
  const sources = Math.max(
    newest(path.join(editorDir, 'src')),
    newest(path.join(editorDir, 'next.config.ts')),
    newest(path.join(editorDir, 'package.json')),
    newest(path.join(repoDir, 'packages', 'shared', 'src')),
  );
  if (existsSync(buildId) && statSync(buildId).mtimeMs >= sources) return;
  execFileSync(process.execPath, [path.join(repoDir, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], {
    cwd: editorDir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
    stdio: 'inherit',
  });
}
