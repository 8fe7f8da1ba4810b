import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { verifyFile, type VerifyResult } from '@showflow/generative';

export interface VerifyAssetOptions {
  /** A PEM public key file to trust; by default the one in the generative data folder. */
  publicKeyPath?: string;
  dataDir?: string;
}

/**
 * `showflow verify-asset <asset.png> <record.json>`: checks a generated image against its
 * signed provenance record. Prints `ok` with the signing key id, or `invalid: <reason>`;
 * exit code 1 when it does not verify.
 */
export async function verifyAssetCommand(assetFile: string, recordFile: string, options: VerifyAssetOptions, out: (text: string) => void): Promise<number> {
  let publicKey: string | undefined;
  if (options.publicKeyPath) {
    try {
      publicKey = await readFile(path.resolve(options.publicKeyPath), 'utf8');
    } catch {
      out(`invalid: cannot read public key ${options.publicKeyPath}`);
      return 1;
    }
  }
  const result: VerifyResult = await verifyFile(path.resolve(assetFile), path.resolve(recordFile), { ...(publicKey ? { publicKey } : {}), ...(options.dataDir ? { dataDir: options.dataDir } : {}) });
  if (result.ok) {
    out(`ok: ${result.assetSha256} signed by key ${result.keyId}`);
    return 0;
  }
  out(`invalid: ${result.code} ${result.reason}`);
  return 1;
}
