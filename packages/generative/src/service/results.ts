import type { GenerativeErrorCode } from '../errors.ts';
import type { ProvenanceRecord } from '../provenance/record.ts';
import type { BudgetLabel, GenerateRequest } from '../types.ts';

/** One generation call as a node or API endpoint makes it. */
export interface GenerateCall {
  /** Which node asked: stats, fallbacks and the active asset are kept per node. */
  nodeKey: string;
  label: BudgetLabel;
  request: Omit<GenerateRequest, 'style'> & { style?: string };
  /** The node type's version: a new version must not reuse the old version's images. */
  nodeTypeVersion?: number;
  /** Stops this caller waiting; an identical call in flight for others carries on. */
  signal?: AbortSignal;
  /** Epoch ms: the provider call is useless after this (bounds retries and polling). */
  deadline?: number;
}

export interface AssetResult {
  assetHash: string;
  bytes: Buffer;
  provenance: ProvenanceRecord;
  /** True when no provider call was made for this caller (cache, disk, or a joined call). */
  cached: boolean;
  fallback: false;
}

/** What a caller gets instead of an error when an earlier asset can stand in. */
export interface FallbackResult extends Omit<AssetResult, 'fallback'> {
  fallback: true;
  reason: { code: GenerativeErrorCode; message: string };
}

export type ServiceResult = AssetResult | FallbackResult;

export interface VariationSpec {
  prompt: string;
  style?: string;
  seed: number;
}

export interface PrecomputeContext {
  label: BudgetLabel;
  width: number;
  height: number;
  model?: string;
  nodeTypeVersion?: number;
  /** Provider calls at once; keeps a pre-show warm-up from tripping provider limits. */
  concurrency?: number;
}

export type PrecomputeOutcome =
  | { index: number; ok: true; assetHash: string; cached: boolean }
  | { index: number; ok: false; code: GenerativeErrorCode; message: string };

/** One precomputed variation as listed for producers: the request, then its asset or its error. */
export interface VariationEntry {
  index: number;
  prompt: string;
  style: string;
  seed: number;
  assetHash?: string;
  error?: { code: GenerativeErrorCode; message: string };
}

export interface VariationListing {
  /** Index of the variation last selected; undefined before any select. */
  active: number | undefined;
  /** What the frame path shows now (a variation, or a fallback or generated asset). */
  currentAssetHash: string | undefined;
  variations: VariationEntry[];
}
