import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { createTRPCClient, httpLink } from '@trpc/client';
import type { AppRouter } from '@showflow/runtime/router';
import type { PipelineDocumentInput } from '@showflow/shared';
import { openBrowser, type Browser } from './browser.ts';
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

export type RuntimeClient = ReturnType<typeof createTRPCClient<AppRouter>>;

/** Everything a browser test drives: a runtime (with its pipelines deployed), the built editor and a browser. */
export interface Show {
  runtime: Started & { dataDir: string };
  editor: Started;
  api: RuntimeClient;
  browser: Browser;
  page: Page;
  stop(): Promise<void>;
}

export interface ShowOptions {
  /** Saved and deployed before the editor starts (a deploy resolves once nodes finished setup). */
  documents?: PipelineDocumentInput[];
  viewport?: { width: number; height: number };
  browserArgs?: string[];
}

export async function startShow(options: ShowOptions = {}): Promise<Show> {
  const runtime = await startRuntime();
  const api = createTRPCClient<AppRouter>({ links: [httpLink({ url: `${runtime.url}/trpc` })] });
  for (const document of options.documents ?? []) {
    const saved = await api.pipelines.save.mutate({ document });
    await api.pipelines.deploy.mutate({ id: saved.id });
  }
  const editor = await startEditor(runtime.url);
  const browser = await openBrowser(options.viewport, options.browserArgs);
  browser.page.setDefaultTimeout(20_000);
  return {
    runtime,
    editor,
    api,
    browser,
    page: browser.page,
    stop: async () => {
      await browser.close();
      await editor.stop();
      await runtime.stop();
    },
  };
}
