import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureEditorBuilt } from './build.ts';
import { editorDir, repoDir } from './paths.ts';
import { freePort, startServer, type Started } from './processes.ts';

const answers = (url: string) => fetch(url).then((r) => r.ok);

export async function startRuntime(): Promise<Started & { dataDir: string }> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sf-e2e-data-'));
  const url = `http://127.0.0.1:${port}`;
  const runtime = await startServer(
    path.join(repoDir, 'node_modules', '.bin', 'tsx'),
    ['apps/runtime/src/cli/main.ts', 'serve', '--port', String(port), '--data-dir', dataDir],
    { cwd: repoDir, url, ready: (u) => answers(`${u}/trpc/pipelines.list`) },
  );
  return {
    ...runtime,
    dataDir,
    stop: async () => {
      await runtime.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** `next start` on the built editor, pointed at `runtimeUrl` through the environment. */
export async function startEditor(runtimeUrl: string): Promise<Started> {
  ensureEditorBuilt();
  const port = await freePort();
  return startServer(process.execPath, [path.join(repoDir, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: editorDir,
    env: { NEXT_TELEMETRY_DISABLED: '1', SHOWFLOW_RUNTIME_URL: runtimeUrl },
    url: `http://127.0.0.1:${port}`,
    ready: answers,
  });
}
