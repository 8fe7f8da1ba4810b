import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { PipelineDocumentInput } from '@showflow/shared';
import { drawEdge, screenshot } from './support/canvas.ts';
import { repoDir } from './support/paths.ts';
import { startShow, type Show } from './support/stack.ts';

/** Runs a command the way the guide does, failing with its output when it exits non-zero. */
function sh(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, timeout: 120_000, env: { ...process.env, npm_config_update_notifier: 'false' } }, (err, stdout, stderr) =>
      err ? reject(new Error(`${command} ${args.join(' ')} failed: ${err.message}\n${stdout}\n${stderr}`)) : resolve(`${stdout}${stderr}`),
    );
  });
}

/** The guide's shell block that reloads node packages from a script, exactly as printed. */
function guideReloadBlock(): string {
  const guide = readFileSync(path.join(repoDir, 'docs/custom-nodes.md'), 'utf8');
  const block = [...guide.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => b.includes('nodePackages.reload'));
  if (!block) throw new Error('docs/custom-nodes.md has no reload command');
  return block;
}

/** The producer's pipeline before the package exists: a camera and a program preview, not wired. */
const show: PipelineDocumentInput = {
  schemaVersion: 1,
  id: 'my-nodes-show',
  name: 'My nodes show',
  nodes: [
    { id: 'cam', type: 'showflow.synthetic-capture', typeVersion: 1, config: { width: 320, height: 180, fps: 15 }, position: { x: 0, y: 0 } },
    { id: 'out', type: 'showflow.preview', typeVersion: 1, config: {}, position: { x: 700, y: 0 } },
  ],
  edges: [],
};

// docs/custom-nodes.md, outside the checkout: scaffold, install, the package's own tests,
// then into a running runtime's nodes folder, reloaded from the editor and deployed.
describe('a node package made outside the checkout', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'sf-node-package-'));
  const pkgDir = path.join(root, 'my-nodes');
  let running: Show;
  let page: Page;
  const tid = (id: string) => page.getByTestId(id);

  beforeAll(async () => {
    running = await startShow({ documents: [show] });
    page = running.page;
    const made = await sh('npm', ['run', '-s', 'showflow', '--', 'new-node-package', pkgDir, '--name', '@me/my-nodes', '--namespace', 'me.fx'], repoDir);
    expect(made).toContain(`created @me/my-nodes (namespace me.fx) in ${pkgDir}`);
    // The SDK is linked from the checkout; tsx and typescript usually come from npm's cache.
    await sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline'], pkgDir);
  }, 900_000); // a stale editor is built first: minutes on a busy machine

  afterAll(async () => {
    await running?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('passes its own tests with its own runner, no vitest and no checkout on the way', async () => {
    const out = await sh('npm', ['test'], pkgDir);
    expect(out).toMatch(/^# pass 2$/m);
    expect(out).toMatch(/^# fail 0$/m);
  });

  it('appears in the palette after a reload from the editor, beside a broken package shown with its code', async () => {
    await page.goto(`${running.editor.url}/pipelines/my-nodes-show`);
    await tid('palette-packages-count').waitFor();
    await expect(tid('palette-packages-count').textContent()).resolves.toBe('0 loaded');
    await expect(tid('palette-item-me.fx.invert').count()).resolves.toBe(0);

    const nodesDir = path.join(running.runtime.dataDir, 'nodes');
    mkdirSync(nodesDir, { recursive: true });
    symlinkSync(pkgDir, path.join(nodesDir, 'my-nodes'));
    const broken = path.join(nodesDir, 'old-pack');
    mkdirSync(broken);
    writeFileSync(
      path.join(broken, 'package.json'),
      JSON.stringify({ name: '@me/old-pack', version: '1.0.0', showflow: { namespace: 'me.old', nodes: ['./src/x.ts'] }, peerDependencies: { '@showflow/nodes': '^9.0.0' } }),
    );

    await tid('reload-packages').click();
    await tid('palette-item-me.fx.invert').waitFor();
    await expect(tid('palette-packages-count').textContent()).resolves.toBe('1 loaded');
    const failure = tid('palette-package-failure');
    await expect(failure.count()).resolves.toBe(1);
    await expect(failure.textContent()).resolves.toMatch(/@me\/old-pack@1\.0\.0 did not load\s*SF134 needs @showflow\/nodes \^9\.0\.0; this runtime provides 0\.1\.0/);
    await screenshot(page, 'node-package-reloaded');
  });

  it('reloads with the guide’s token and curl command, word for word (only the port differs)', async () => {
    const block = guideReloadBlock().replaceAll('http://127.0.0.1:4100', running.runtime.url);
    const answer = await new Promise<string>((resolve, reject) =>
      execFile('bash', ['-euc', block], { cwd: repoDir, timeout: 60_000, env: { ...process.env, SHOWFLOW_DATA_DIR: running.runtime.dataDir } }, (err, out, errOut) =>
        err ? reject(new Error(`${err.message}\n${out}\n${errOut}`)) : resolve(out),
      ),
    );
    const reloaded = JSON.parse(answer) as { result: { data: { packages: { name: string; status: string }[] } } };
    expect(reloaded.result.data.packages.map((p) => [p.name, p.status]).sort()).toEqual([
      ['@me/my-nodes', 'loaded'],
      ['@me/old-pack', 'failed'],
    ]);
  });

  it('runs in a deployed pipeline', async () => {
    await tid('palette-item-me.fx.invert').dblclick();
    await tid('node-invert-1').waitFor();
    await page.keyboard.press('l'); // auto-layout, so no node hides another's handles
    await page.keyboard.press('f');
    await expect.poll(() => page.locator('.react-flow__node').count()).toBe(3);
    await drawEdge(page, { node: 'cam', port: 'frame' }, { node: 'invert-1', port: 'frame' });
    await drawEdge(page, { node: 'invert-1', port: 'out' }, { node: 'out', port: 'frame' });
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(2);
    await tid('deploy').click();
    // The document was deployed once before the editor opened; a deploy resolves once the package's worker has set up.
    await expect.poll(() => tid('deployed-version').textContent(), { timeout: 90_000 }).toBe('v2');
    await expect.poll(() => tid('metrics-invert-1').getAttribute('data-level'), { timeout: 30_000 }).toMatch(/^(ok|warn|over)$/);
    await expect
      .poll(async () => {
        const nodes = (await running.api.metrics.snapshot.query({ pipelineId: 'my-nodes-show' }))?.nodes ?? [];
        const at = (id: string) => nodes.find((n) => n.nodeId === id);
        return [at('invert-1')?.type, (at('invert-1')?.processed ?? 0) >= 5, at('invert-1')?.errors, (at('out')?.processed ?? 0) >= 5];
      }, { timeout: 30_000 })
      .toEqual(['me.fx.invert', true, 0, true]);
    await screenshot(page, 'node-package-deployed');
  });
});
