import { createHash } from 'node:crypto';
import { canonicalJson } from '@showflow/shared';

/** Everything that decides an image: equal inputs give the same key, whatever the key order. */
export interface CacheInputs {
  provider: string;
  model: string;
  prompt: string;
  style: string;
  size: { width: number; height: number };
  seed: number;
  nodeTypeVersion: number;
}

export function cacheKey(inputs: CacheInputs): string {
  return sha256Hex(canonicalJson(inputs));
}

export function sha256Hex(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export const SHA256_HEX = /^[0-9a-f]{64}$/;
