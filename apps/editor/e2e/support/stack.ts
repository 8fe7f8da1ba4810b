import { randomBytes } from 'node:crypto';
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

/** What the tests sign in with: the first-run owner's password and an owner API token, both chosen here. */
export interface Credentials {
  owner: { name: string; password: string };
  token: string;
}

export type RuntimeStarted = Started & { dataDir: string; credentials: Credentials };

export async function startRuntime(): Promise<RuntimeStarted> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sf-e2e-data-'));
  const url = `http://127.0.0.1:${port}`;
  const credentials: Credentials = { owner: { name: 'owner', password: randomBytes(12).toString('base64url') }, token: randomBytes(32).toString('base64url') };
  const runtime = await startServer(
    path.join(repoDir, 'node_modules', '.bin', 'tsx'),
    ['apps/runtime/src/cli/main.ts', 'serve', '--port', String(port), '--data-dir', dataDir],
    {
      cwd: repoDir,
      url,
      env: { SHOWFLOW_OWNER_PASSWORD: credentials.owner.password, SHOWFLOW_BOOTSTRAP_TOKEN: credentials.token },
      ready: (u) => answers(`${u}/healthz`),
    },
  );
  return {
    ...runtime,
    dataDir,
    credentials,
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

/** A client for the runtime's API with the owner token (tests set up shows through it). */
export function runtimeClient(runtime: Pick<RuntimeStarted, 'url' | 'credentials'>): RuntimeClient {
  return createTRPCClient<AppRouter>({ links: [httpLink({ url: `${runtime.url}/trpc`, headers: { authorization: `Bearer ${runtime.credentials.token}` } })] });
}

/**
 * Signs the browser in through the editor's own /trpc (as the sign-in page does), so the
 * session cookie lands on the editor's site and every page of the context is signed in.
 */
export async function signIn(page: Page, editorUrl: string, owner: Credentials['owner']): Promise<void> {
  const res = await page.context().request.post(`${editorUrl}/trpc/auth.signIn`, { data: owner, headers: { origin: editorUrl } });
  if (!res.ok()) throw new Error(`sign-in through the editor failed: ${res.status()} ${await res.text()}`);
}

/** Everything a browser test drives: a runtime (with its pipelines deployed), the built editor and a browser. */
export interface Show {
  runtime: RuntimeStarted;
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
  /** Leave the browser signed out (the sign-in test signs in through the page). */
  signedOut?: boolean;
}

export async function startShow(options: ShowOptions = {}): Promise<Show> {
  const runtime = await startRuntime();
  const api = runtimeClient(runtime);
  for (const document of options.documents ?? []) {
    const saved = await api.pipelines.save.mutate({ document });
    await api.pipelines.deploy.mutate({ id: saved.id });
  }
  const editor = await startEditor(runtime.url);
  const browser = await openBrowser(options.viewport, options.browserArgs);
  browser.page.setDefaultTimeout(20_000);
  if (!options.signedOut) await signIn(browser.page, editor.url, runtime.credentials.owner);
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
