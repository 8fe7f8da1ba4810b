import { readFile } from 'node:fs/promises';
import type { KeyObject } from 'node:crypto';
import { loadGenerativeConfig } from '../env.ts';
import { verifyAsset, type VerifyResult } from './record.ts';
import { readPublicKey } from './signing-key.ts';

export interface VerifyFileOptions {
  /** The key to trust; by default the one published in the configured data folder. */
  publicKey?: KeyObject | string;
  dataDir?: string;
}

/**
 * For the runtime CLI: `showflow verify-asset asset.png asset.provenance.json`. The key comes
 * from the caller or the data folder, never from the record itself, since a forger can
 * sign a record with a key of their own.
 */
export async function verifyFile(assetPath: string, recordPath: string, options: VerifyFileOptions = {}): Promise<VerifyResult> {
  const fail = (reason: string): VerifyResult => ({ ok: false, code: 'SF506', reason });
  let bytes: Buffer;
  let record: unknown;
  try {
    bytes = await readFile(assetPath);
  } catch {
    return fail(`cannot read asset file ${assetPath}`);
  }
  try {
    record = JSON.parse(await readFile(recordPath, 'utf8'));
  } catch {
    return fail(`cannot read provenance record ${recordPath} as JSON`);
  }
  let key = options.publicKey;
  if (!key) {
    try {
      key = await readPublicKey(options.dataDir ?? loadGenerativeConfig().dataDir);
    } catch {
      return fail('no public key given and none found in the data folder');
    }
  }
  return verifyAsset(bytes, record, key);
}
