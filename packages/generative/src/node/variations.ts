import type { VariationSpec } from '../service/results.ts';
import { MAX_VARIATIONS, type GenerativeOverlayConfig } from './config.ts';

type VariationInputs = Pick<GenerativeOverlayConfig, 'prompt' | 'style' | 'seed' | 'variations' | 'matrix'>;

/**
 * The variations a node precomputes, in index order: the listed ones, then every
 * prompt × style × seed of the matrix; the node's own prompt/style/seed alone when
 * neither is given. Duplicates are kept so indexes match what the producer wrote.
 */
export function expandVariations(config: VariationInputs): VariationSpec[] {
  const base = { prompt: config.prompt, style: config.style, seed: config.seed };
  const listed = config.variations.map((v) => ({ prompt: v.prompt ?? base.prompt, style: v.style ?? base.style, seed: v.seed ?? base.seed }));
  const { prompts, styles, seeds } = config.matrix;
  const combined: VariationSpec[] = [];
  if (prompts.length || styles.length || seeds.length) {
    for (const prompt of prompts.length ? prompts : [base.prompt])
      for (const style of styles.length ? styles : [base.style])
        for (const seed of seeds.length ? seeds : [base.seed]) combined.push({ prompt, style, seed });
  }
  const all = [...listed, ...combined];
  // A matrix multiplies quickly; the cap bounds pre-show spend whatever the lists say.
  return all.length ? all.slice(0, MAX_VARIATIONS) : [base];
}
