import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { canonicalJson } from '@showflow/shared';
import { z } from 'zod';
import { sha256Hex } from '../cache/cache-key.ts';
import type { SigningKey } from './signing-key.ts';
import { keyIdOf } from './signing-key.ts';

export const provenanceInputsSchema = z.object({
  provider: z.string(),
  model: z.string(),
  prompt: z.string(),
  style: z.string(),
  size: z.object({ width: z.number().int(), height: z.number().int() }),
  seed: z.number().int(),
  nodeTypeVersion: z.number().int(),
});

export const provenanceRecordSchema = z.object({
  version: z.literal(1),
  assetSha256: z.string().regex(/^[0-9a-f]{64}$/),
  mime: z.literal('image/png'),
  inputs: provenanceInputsSchema,
  /** sha256 of the canonical inputs: the cache key the asset was stored under. */
  inputsSha256: z.string().regex(/^[0-9a-f]{64}$/),
  provider: z.string(),
  model: z.string(),
  createdAt: z.iso.datetime(),
  keyId: z.string(),
  algorithm: z.literal('ed25519'),
  /** base64 Ed25519 signature over the canonical JSON of every other field. */
  signature: z.string(),
});

export type ProvenanceRecord = z.infer<typeof provenanceRecordSchema>;
export type UnsignedRecord = Omit<ProvenanceRecord, 'signature'>;

export function signRecord(unsigned: Omit<UnsignedRecord, 'keyId' | 'algorithm'>, key: SigningKey): ProvenanceRecord {
  const body: UnsignedRecord = { ...unsigned, keyId: key.keyId, algorithm: 'ed25519' };
  const signature = sign(null, Buffer.from(canonicalJson(body)), key.privateKey).toString('base64');
  return { ...body, signature };
}

export type VerifyResult = { ok: true; keyId: string; assetSha256: string } | { ok: false; code: 'SF506'; reason: string };

/**
 * Checks that the bytes are the asset the record describes and that the record was
 * signed by this public key and not changed since. Never throws: every failure is a reason.
 */
export function verifyAsset(bytes: Buffer, record: unknown, publicKey: KeyObject | string): VerifyResult {
  const fail = (reason: string): VerifyResult => ({ ok: false, code: 'SF506', reason });
  const parsed = provenanceRecordSchema.safeParse(record);
  if (!parsed.success) return fail(`record does not match the provenance schema at ${parsed.error.issues[0]?.path.join('.') || '(record)'}`);
  let key: KeyObject;
  try {
    key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey;
  } catch {
    return fail('public key is not a valid key');
  }
  const { signature, ...body } = parsed.data;
  if (keyIdOf(key) !== body.keyId) return fail(`record was signed by key ${body.keyId}, not by the given key ${keyIdOf(key)}`);
  let signed = false;
  try {
    signed = verify(null, Buffer.from(canonicalJson(body)), key, Buffer.from(signature, 'base64'));
  } catch {
    signed = false;
  }
  if (!signed) return fail('signature does not match the record: the record was altered or not signed by this key');
  if (sha256Hex(canonicalJson(body.inputs)) !== body.inputsSha256) return fail('inputs do not hash to inputsSha256');
  if (sha256Hex(bytes) !== body.assetSha256) return fail('asset bytes do not match the sha256 in the record: the asset was altered');
  return { ok: true, keyId: body.keyId, assetSha256: body.assetSha256 };
}
