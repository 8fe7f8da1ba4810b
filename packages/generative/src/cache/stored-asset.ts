import type { ProvenanceRecord } from '../provenance/record.ts';

/** An image as the cache holds it: bytes, their sha256 and the signed record. */
export interface StoredAsset {
  assetHash: string;
  bytes: Buffer;
  provenance: ProvenanceRecord;
}
