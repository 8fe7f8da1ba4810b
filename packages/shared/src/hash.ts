import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { PipelineDocument, PipelineNode } from './document.ts';

/** JSON with object keys sorted, so equal documents hash equally whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function sha256Hex(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/** Content hash of a whole document, `sha256:<hex>`. */
export function documentHash(doc: PipelineDocument): string {
  return `sha256:${sha256Hex(canonicalJson(doc))}`;
}

/**
 * Hash of what makes a node behave: type, version and config (not its position or label),
 * so moving a node on the canvas does not invalidate its outputs.
 */
export function nodeBehaviourHash(node: Pick<PipelineNode, 'type' | 'typeVersion' | 'config'>): string {
  return sha256Hex(canonicalJson({ type: node.type, typeVersion: node.typeVersion, config: node.config })).slice(0, 16);
}
