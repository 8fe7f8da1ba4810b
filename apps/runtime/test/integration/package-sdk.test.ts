import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { scaffoldFiles } from '../../src/packages/scaffold-files.ts';
import { sdkVersion } from '../../src/packages/provide-sdk.ts';
import { sdkDir } from '../../src/packages/scaffold.ts';
import { tempDataDir } from '../fixtures/app.ts';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/showflow.mjs');

interface Listed {
  packages: { name: string; status: string; types: { type: string }[]; errors: { code: string; message: string }[] }[];
}

/** `showflow packages --json` in its own process, so Node's real module loader resolves the packages. */
function listPackages(nodesDir: string): Promise<Listed> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [bin, 'packages', '--json'], { env: { ...process.env, SHOWFLOW_NODES_DIR: nodesDir, SHOWFLOW_DATA_DIR: tempDataDir() }, timeout: 60_000 }, (err, out) => {
      try {
        resolve(JSON.parse(out) as Listed);
      } catch {
        reject(err ?? new Error(`not JSON: ${out}`));
      }
    });
  });
}

function writePackage(dir: string, files: Record<string, string>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
}

describe('the SDK a node package gets', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'sf-sdk-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('is the runtime’s own: a package outside the checkout with nothing installed loads; one written for another SDK is refused with SF134', async () => {
    const nodesDir = path.join(root, 'nodes');
    const files = (name: string, namespace: string) => scaffoldFiles({ name, namespace, sdkDir: sdkDir(), sdkVersion });
    // No node_modules: `@showflow/nodes/sdk` (and zod through it) can only come from the runtime.
    writePackage(path.join(nodesDir, 'bare'), files('@me/bare', 'me.bare'));
    const future = files('@me/future', 'me.future');
    const manifest = JSON.parse(future['package.json']!) as { peerDependencies: Record<string, string> };
    manifest.peerDependencies['@showflow/nodes'] = '^9.0.0';
    writePackage(path.join(nodesDir, 'future'), { ...future, 'package.json': JSON.stringify(manifest) });
    manifest.peerDependencies['@showflow/nodes'] = 'latest';
    writePackage(path.join(nodesDir, 'unreadable-range'), { ...files('@me/odd', 'me.odd'), 'package.json': JSON.stringify({ ...manifest, name: '@me/odd', showflow: { namespace: 'me.odd', nodes: ['./src/invert.ts'] } }) });

    const { packages } = await listPackages(nodesDir);
    const byName = Object.fromEntries(packages.map((p) => [p.name, p]));
    expect(byName['@me/bare']).toMatchObject({ status: 'loaded', errors: [], types: [{ type: 'me.bare.invert' }] });
    expect(byName['@me/future']).toMatchObject({ status: 'failed', errors: [{ code: 'SF134', message: `needs @showflow/nodes ^9.0.0; this runtime provides ${sdkVersion}` }] });
    expect(byName['@me/odd']?.errors).toEqual([{ code: 'SF134', message: expect.stringMatching(/"latest", which is not a version range/) }]);
  });
});
