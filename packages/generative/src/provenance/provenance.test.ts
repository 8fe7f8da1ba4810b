import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../cache/cache-key.ts';
import { signRecord, verifyAsset, type ProvenanceRecord } from './record.ts';
import { keyDir, loadOrCreateSigningKey, type SigningKey } from './signing-key.ts';
import { verifyFile } from './verify-file.ts';
import { canonicalJson } from '@showflow/shared';

let dataDir: string;
let key: SigningKey;
const bytes = Buffer.from('not really a png, but bytes are bytes');
const inputs = { provider: 'offline', model: 'm', prompt: 'neon fox', style: 'comic', size: { width: 64, height: 64 }, seed: 3, nodeTypeVersion: 1 };
let record: ProvenanceRecord;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'sf-gen-prov-'));
  key = await loadOrCreateSigningKey(dataDir);
  record = signRecord(
    { version: 1, assetSha256: sha256Hex(bytes), mime: 'image/png', inputs, inputsSha256: sha256Hex(canonicalJson(inputs)), provider: 'offline', model: 'm', createdAt: '2025-06-01T12:00:00.000Z' },
    key,
  );
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('signing key', () => {
  it('is created once, with the private key readable only by its owner', async () => {
    const again = await loadOrCreateSigningKey(dataDir);
    expect(again.keyId).toBe(key.keyId);
    const files = await import('node:fs/promises').then((fs) => fs.readdir(keyDir(dataDir)));
    const privateFile = files.find((f) => f.endsWith('ed25519.pem'))!;
    expect((await stat(path.join(keyDir(dataDir), privateFile))).mode & 0o777).toBe(0o600);
  });

  it('is the same key when two loaders race on an empty folder', async () => {
    const fresh = await mkdtemp(path.join(tmpdir(), 'sf-gen-race-'));
    try {
      const keys = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateSigningKey(fresh)));
      expect(new Set(keys.map((k) => k.keyId)).size).toBe(1);
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });
});

describe('verifyAsset', () => {
  it('accepts the signed asset', () => {
    expect(verifyAsset(bytes, record, key.publicKey)).toEqual({ ok: true, keyId: key.keyId, assetSha256: sha256Hex(bytes) });
    expect(verifyAsset(bytes, record, key.publicKeyPem).ok).toBe(true);
  });

  it('rejects tampered bytes', () => {
    const tampered = Buffer.from(bytes);
    tampered[0] ^= 1;
    expect(verifyAsset(tampered, record, key.publicKey)).toMatchObject({ ok: false, code: 'SF506', reason: expect.stringContaining('asset was altered') });
  });

  it.each([
    ['prompt', (r: ProvenanceRecord) => ({ ...r, inputs: { ...r.inputs, prompt: 'something else' } })],
    ['createdAt', (r: ProvenanceRecord) => ({ ...r, createdAt: '2030-01-01T00:00:00.000Z' })],
    ['assetSha256', (r: ProvenanceRecord) => ({ ...r, assetSha256: sha256Hex('other') })],
    ['signature', (r: ProvenanceRecord) => ({ ...r, signature: Buffer.alloc(64, 7).toString('base64') })],
  ])('rejects a record with a changed %s', (_field, change) => {
    expect(verifyAsset(bytes, change(record), key.publicKey)).toMatchObject({ ok: false, code: 'SF506' });
  });

  it('rejects a record checked against another key, a forged re-signing, and junk', () => {
    const other = generateKeyPairSync('ed25519');
    expect(verifyAsset(bytes, record, other.publicKey)).toMatchObject({ ok: false, reason: expect.stringContaining('signed by key') });
    const forged = signRecord({ ...record, inputs: { ...inputs, prompt: 'forged' }, inputsSha256: sha256Hex(canonicalJson({ ...inputs, prompt: 'forged' })) }, { ...key, privateKey: other.privateKey });
    expect(verifyAsset(bytes, forged, key.publicKey).ok).toBe(false);
    expect(verifyAsset(bytes, { nope: true }, key.publicKey)).toMatchObject({ ok: false, code: 'SF506' });
    expect(verifyAsset(bytes, record, 'not a pem')).toMatchObject({ ok: false, reason: 'public key is not a valid key' });
  });
});

describe('verifyFile', () => {
  it('verifies files with the data folder key and catches tampering on disk', async () => {
    const assetPath = path.join(dataDir, 'a.png');
    const recordPath = path.join(dataDir, 'a.provenance.json');
    await writeFile(assetPath, bytes);
    await writeFile(recordPath, JSON.stringify(record));
    expect(await verifyFile(assetPath, recordPath, { dataDir })).toMatchObject({ ok: true });
    expect(await verifyFile(assetPath, recordPath, { publicKey: key.publicKeyPem })).toMatchObject({ ok: true });
    await writeFile(assetPath, Buffer.concat([await readFile(assetPath), Buffer.from('!')]));
    expect(await verifyFile(assetPath, recordPath, { dataDir })).toMatchObject({ ok: false, code: 'SF506' });
    expect(await verifyFile(path.join(dataDir, 'missing.png'), recordPath, { dataDir })).toMatchObject({ ok: false, reason: expect.stringContaining('cannot read asset') });
  });
});
