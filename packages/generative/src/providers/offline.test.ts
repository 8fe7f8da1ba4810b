import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { OfflineProvider } from './offline.ts';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const signal = () => AbortSignal.timeout(10_000);
const base = { prompt: 'Flash sale: neon sneakers', style: 'retro poster', width: 256, height: 144, seed: 7 };

describe('OfflineProvider', () => {
  const provider = new OfflineProvider({ costCentsPerImage: 3 });

  it('renders identical bytes for identical inputs', async () => {
    const a = await provider.generate(base, { signal: signal() });
    const b = await new OfflineProvider({ costCentsPerImage: 3 }).generate({ ...base }, { signal: signal() });
    expect(sha(a.bytes)).toBe(sha(b.bytes));
    expect(a).toMatchObject({ mime: 'image/png', width: 256, height: 144, provider: 'offline', model: 'offline-svg-1', costCents: 3 });
  });

  it('renders different bytes for a different seed, prompt or style', async () => {
    const hashes = await Promise.all(
      [base, { ...base, seed: 8 }, { ...base, prompt: 'Bundle timer' }, { ...base, style: 'watercolour' }].map(async (r) => sha((await provider.generate(r, { signal: signal() })).bytes)),
    );
    expect(new Set(hashes).size).toBe(4);
  });

  it('produces a real PNG of the requested size', async () => {
    const image = await provider.generate({ ...base, width: 320, height: 200, prompt: 'a <b>&"quoted"\' prompt' }, { signal: signal() });
    const meta = await sharp(image.bytes).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 320, height: 200 });
  });

  it('refuses to start when already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(provider.generate(base, { signal: controller.signal })).rejects.toMatchObject({ code: 'SF504' });
  });
});
