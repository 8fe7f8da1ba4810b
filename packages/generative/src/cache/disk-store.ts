import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { atomicWrite } from '../fs/atomic-write.ts';
import { provenanceRecordSchema, type ProvenanceRecord } from '../provenance/record.ts';
import { SHA256_HEX, sha256Hex } from './cache-key.ts';
import type { StoredAsset } from './stored-asset.ts';

/**
 * Content-addressed files under the data folder:
 *   assets/<sha256>.png               the image, named by the hash of its bytes
 *   assets/<sha256>.provenance.json   its signed record
 *   keys/<cache key>.json             which asset a request produced
 * Every write is atomic; a file that fails its hash check on read counts as missing.
 */
export class DiskAssetStore {
  readonly #assets: string;
  readonly #keys: string;

  constructor(dataDir: string) {
    this.#assets = path.join(dataDir, 'assets');
    this.#keys = path.join(dataDir, 'index');
  }

  assetPath(assetHash: string): string {
    return path.join(this.#assets, `${assetHash}.png`);
  }

  recordPath(assetHash: string): string {
    return path.join(this.#assets, `${assetHash}.provenance.json`);
  }

  async put(cacheKey: string, asset: StoredAsset): Promise<void> {
    const file = this.assetPath(asset.assetHash);
    // Same hash, same bytes: an existing file never needs rewriting.
    if (!(await exists(file))) await atomicWrite(file, asset.bytes);
    await atomicWrite(this.recordPath(asset.assetHash), `${JSON.stringify(asset.provenance, null, 2)}\n`);
    await atomicWrite(path.join(this.#keys, `${cacheKey}.json`), JSON.stringify({ assetSha256: asset.assetHash }));
  }

  async assetHashFor(cacheKey: string): Promise<string | undefined> {
    if (!SHA256_HEX.test(cacheKey)) return undefined;
    const text = await readOptional(path.join(this.#keys, `${cacheKey}.json`));
    if (!text) return undefined;
    try {
      const hash = (JSON.parse(text.toString('utf8')) as { assetSha256?: unknown }).assetSha256;
      return typeof hash === 'string' && SHA256_HEX.test(hash) ? hash : undefined;
    } catch {
      return undefined;
    }
  }

  async get(assetHash: string): Promise<StoredAsset | undefined> {
    if (!SHA256_HEX.test(assetHash)) return undefined;
    const [bytes, recordText] = await Promise.all([readOptional(this.assetPath(assetHash)), readOptional(this.recordPath(assetHash))]);
    if (!bytes || !recordText || sha256Hex(bytes) !== assetHash) return undefined;
    let record: ProvenanceRecord;
    try {
      record = provenanceRecordSchema.parse(JSON.parse(recordText.toString('utf8')));
    } catch {
      return undefined;
    }
    return { assetHash, bytes, provenance: record };
  }
}

async function readOptional(file: string): Promise<Buffer | undefined> {
  try {
    return await readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
