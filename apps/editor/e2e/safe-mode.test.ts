import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PipelineDocumentInput } from '@showflow/shared';
import { openBrowser, type Browser } from './support/browser.ts';
import { screenshot } from './support/canvas.ts';
import { repoDir } from './support/paths.ts';
import { freePort, startServer, type Started } from './support/processes.ts';
import { runtimeClient, signIn, startEditor, type Credentials, type RuntimeClient } from './support/stack.ts';

/** A real node package that ends its worker 50 ms after every start (the runtime's fault fixture). */
const crashingPackage = path.join(repoDir, 'apps/runtime/test/fixtures/faulty-nodes/late-exit');

const show: PipelineDocumentInput = {
  schemaVersion: 1,
  id: 'fragile-show',
  name: 'Fragile show',
  nodes: [
    { id: 'cam', type: 'showflow.synthetic-capture', typeVersion: 1, config: { width: 320, height: 180, fps: 10 }, position: { x: 0, y: 0 } },
    { id: 'fault', type: 'fault.late-exit.node', typeVersion: 1, config: {}, position: { x: 300, y: 0 } },
    { id: 'out', type: 'showflow.preview', typeVersion: 1, config: {}, position: { x: 600, y: 0 } },
  ],
  edges: [
    { id: 'e1', from: { node: 'cam', port: 'frame' }, to: { node: 'fault', port: 'frame' } },
    { id: 'e2', from: { node: 'fault', port: 'out' }, to: { node: 'out', port: 'frame' } },
  ],
};

async function until<T>(check: () => Promise<T | undefined | false>, what: string, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * A runtime whose node package crash-loops at start: after a restart the pipeline waits in
 * safe mode, the editor says which package crashed and how often, a viewer can only read
 * that, and an owner resumes it from the banner.
 */
describe('safe mode in the editor', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'sf-e2e-safe-mode-'));
  const credentials: Credentials = { owner: { name: 'owner', password: randomBytes(12).toString('base64url') }, token: randomBytes(32).toString('base64url') };
  const viewer = { name: 'floor', password: randomBytes(12).toString('base64url') };
  let port: number;
  let runtime: Started | undefined;
  let editor: Started | undefined;
  let browser: Browser | undefined;
  let api: RuntimeClient;

  /** The runtime CLI on the same data folder and port each time, as a studio restarts it. */
  const serve = async () =>
    startServer(path.join(repoDir, 'node_modules', '.bin', 'tsx'), ['apps/runtime/src/cli/main.ts', 'serve', '--port', String(port), '--data-dir', dataDir], {
      cwd: repoDir,
      url: `http://127.0.0.1:${port}`,
      env: { SHOWFLOW_OWNER_PASSWORD: credentials.owner.password, SHOWFLOW_BOOTSTRAP_TOKEN: credentials.token },
      ready: (u) => fetch(`${u}/healthz`).then((r) => r.ok),
      timeoutMs: 120_000,
    });

  beforeAll(async () => {
    mkdirSync(path.join(dataDir, 'nodes'));
    symlinkSync(crashingPackage, path.join(dataDir, 'nodes', 'late-exit'));
    port = await freePort();
    runtime = await serve();
    api = runtimeClient({ url: runtime.url, credentials });
    await api.users.create.mutate({ name: viewer.name, role: 'viewer', password: viewer.password });
    await api.pipelines.save.mutate({ document: show });
    await api.pipelines.deploy.mutate({ id: show.id });
    // Restarted with backoff until it has crashed at start often enough to be given up.
    await until(async () => (await api.runtime.health.query()).safeMode.packages.find((p) => p.package === 'fault-late-exit' && p.crashes >= 3), 'the package to be given up');
    await runtime.stop();
    runtime = await serve();
    await until(async () => (await api.pipelines.state.query({ id: show.id })).state === 'paused', 'the pipeline to start paused');
    editor = await startEditor(runtime.url);
    browser = await openBrowser();
    browser.page.setDefaultTimeout(30_000);
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await editor?.stop();
    await runtime?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows a viewer which package crashed and how often, without a Resume button', async () => {
    const page = browser!.page;
    await signIn(page, editor!.url, viewer);
    await page.goto(`${editor!.url}/pipelines/${show.id}`);
    const banner = page.getByTestId('safe-mode');
    await banner.waitFor();
    const item = page.getByTestId('safe-mode-package');
    await expect(item.getAttribute('data-package')).resolves.toBe('fault-late-exit');
    expect(Number(await item.getAttribute('data-crashes'))).toBeGreaterThanOrEqual(3);
    await expect(item.textContent()).resolves.toMatch(/crashed \d+× right after starting \(last: SF212 /);
    await expect(banner.textContent()).resolves.toContain('SF216');
    await expect(page.getByTestId('safe-mode-resume').count()).resolves.toBe(0);
    await page.getByTestId('safe-mode-ask').waitFor();
    await screenshot(page, 'safe-mode-viewer');
  });

  it('lets an owner resume the pipeline from the banner, which then goes away', async () => {
    const page = browser!.page;
    await signIn(page, editor!.url, credentials.owner);
    await page.goto(`${editor!.url}/pipelines/${show.id}`);
    await page.getByTestId('safe-mode').waitFor();
    await screenshot(page, 'safe-mode-owner');
    await page.getByTestId('safe-mode-resume').click();
    await page.getByTestId('safe-mode').waitFor({ state: 'detached' });
    await expect(api.pipelines.state.query({ id: show.id })).resolves.toMatchObject({ state: 'running' });
  });
});
