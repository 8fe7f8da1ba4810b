/**
 * Writes a short JPEG sequence of the synthetic scene (plus an overlay PNG) to a folder.
 *
 *   npx tsx examples/scripts/make-sample-media.ts <folder> [--frames 90] [--width 1280]
 *     [--height 720] [--fps 30] [--noise 6] [--quality 90] [--seed 1]
 */
import { parseArgs } from 'node:util';
import { defaultSampleMedia, writeSampleMedia, type SampleMediaOptions } from '../src/sample-media.ts';

const numeric = ['frames', 'width', 'height', 'fps', 'noise', 'quality', 'seed'] as const;
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: Object.fromEntries(numeric.map((k) => [k, { type: 'string' as const }])),
});

const dir = positionals[0];
if (!dir) {
  console.error('usage: make-sample-media.ts <folder> [--frames N] [--width W] [--height H] [--fps F] [--noise S] [--quality Q] [--seed N]');
  process.exit(2);
}

const options: Partial<SampleMediaOptions> = {};
for (const key of numeric) {
  const raw = values[key];
  if (raw === undefined) continue;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`--${key} must be a non-negative number, got ${raw}`);
    process.exit(2);
  }
  options[key] = n;
}

const started = performance.now();
const { frames, overlay } = await writeSampleMedia(dir, options);
const o = { ...defaultSampleMedia, ...options };
console.log(`wrote ${frames.length} frames (${o.width}×${o.height}, q${o.quality}, noise ${o.noise}) and ${overlay} in ${Math.round(performance.now() - started)} ms`);
