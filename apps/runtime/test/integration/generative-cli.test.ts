import { execFile } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenerativeService, OfflineProvider } from '@showflow/generative';
import { tempDataDir } from '../fixtures/app.ts';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/showflow.mjs');

function showflow(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, SHOWFLOW_LOG_LEVEL: 'error', SHOWFLOW_GEN_DATA_DIR: '' }, timeout: 60_000 }, (err, stdout) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout });
    });
  });
}

describe('showflow verify-asset', () => {
  let dataDir: string;
  let png: string;
  let record: string;

  beforeAll(async () => {
    // Made the way the runtime makes assets: under <data dir>/generative, signed with its key.
    dataDir = tempDataDir();
    const service = await GenerativeService.open({ provider: new OfflineProvider(), dataDir: path.join(dataDir, 'generative'), budget: { ratePerMinute: 60, burst: 5, dailyCapCents: 100 } });
    const asset = await service.generate({ nodeKey: 'show/promo', label: { creator: 'c', show: 's', purpose: 'p' }, request: { prompt: 'verify me', width: 64, height: 64, seed: 3 } });
    await service.close();
    png = path.join(dataDir, 'generative', 'assets', `${asset.assetHash}.png`);
    record = path.join(dataDir, 'generative', 'assets', `${asset.assetHash}.provenance.json`);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('prints ok for an untouched asset, with the key from the data folder', async () => {
    const { code, stdout } = await showflow(['verify-asset', png, record, '--data-dir', dataDir]);
    expect(stdout).toMatch(/^ok: [0-9a-f]{64} signed by key [0-9a-f]{16}\n$/);
    expect(code).toBe(0);
  });

  it('prints the reason and exits 1 for an edited record', async () => {
    const edited = path.join(dataDir, 'edited.json');
    const r = JSON.parse(readFileSync(record, 'utf8'));
    writeFileSync(edited, JSON.stringify({ ...r, inputs: { ...r.inputs, prompt: 'something else' } }));
    const { code, stdout } = await showflow(['verify-asset', png, edited, '--data-dir', dataDir]);
    expect(stdout).toMatch(/^invalid: SF506 /);
    expect(code).toBe(1);
  });

  it('exits 1 when there is no key to trust', async () => {
    const { code, stdout } = await showflow(['verify-asset', png, record, '--data-dir', tempDataDir()]);
    expect(stdout).toMatch(/^invalid: SF506 no public key/);
    expect(code).toBe(1);
  });
});
