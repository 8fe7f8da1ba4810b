import { z } from 'zod';

/** Most variations one node precomputes: a small set chosen before the show, not one per viewer. */
export const MAX_VARIATIONS = 12;

const seed = z.number().int().min(0).max(2 ** 32 - 1);

/** One variation; a field left out takes the node's own prompt, style or seed. */
export const variationOverride = z.object({
  prompt: z.string().trim().min(1).max(2000).optional(),
  style: z.string().max(200).optional(),
  seed: seed.optional(),
});

/** Every combination of these lists becomes a variation; an empty list means "the node's own value". */
export const variationMatrix = z.object({
  prompts: z.array(z.string().trim().min(1).max(2000)).max(MAX_VARIATIONS).default([]),
  styles: z.array(z.string().max(200)).max(MAX_VARIATIONS).default([]),
  seeds: z.array(seed).max(MAX_VARIATIONS).default([]),
});

export const fallbackPolicies = ['last', 'first-variation', 'none'] as const;

export const generativeOverlayConfig = z.object({
  prompt: z.string().trim().min(1).max(2000).default('Flash sale: 20% off for the next 10 minutes'),
  style: z.string().max(200).default('bold neon poster'),
  width: z.number().int().min(64).max(2048).default(480),
  height: z.number().int().min(64).max(2048).default(270),
  seed: seed.default(1),
  /** Listed variations come first, then the matrix's combinations. */
  variations: z.array(variationOverride).max(MAX_VARIATIONS).default([]),
  matrix: variationMatrix.default({ prompts: [], styles: [], seeds: [] }),
  /** The variation shown after a deploy; the API switches it live without a redeploy. */
  active: z.number().int().min(0).max(MAX_VARIATIONS - 1).default(0),
  /** Who pays for the calls and why: budgets, rate limits and spend metrics are kept per label. */
  label: z
    .object({
      creator: z.string().min(1).max(200).default('studio'),
      show: z.string().min(1).max(200).default('live-show'),
      purpose: z.string().min(1).max(200).default('overlay'),
    })
    .default({ creator: 'studio', show: 'live-show', purpose: 'overlay' }),
  /**
   * When the active variation could not be made (budget, provider): keep what was shown
   * last, show the first variation that was made, or show no overlay.
   */
  fallback: z.enum(fallbackPolicies).default('last'),
});

export type GenerativeOverlayConfig = z.output<typeof generativeOverlayConfig>;
export type FallbackPolicy = (typeof fallbackPolicies)[number];
