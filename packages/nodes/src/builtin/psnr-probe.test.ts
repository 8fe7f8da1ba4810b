import { describe, expect, it } from 'vitest';
import { createHarness, makeTestFrame, makeTestJpeg } from '../harness/index.ts';
import { psnr } from '../pixels/index.ts';
import { MAX_PSNR_DB, psnrProbe } from './psnr-probe.ts';

const noisy = (seq: number, amount: number) => {
  const f = makeTestFrame({ width: 32, height: 18, seq });
  for (let i = 0; i < f.data.length; i += 7) f.data[i] = Math.min(255, f.data[i] + amount);
  return f;
};

describe('showflow.psnr-probe', () => {
  it('matches frames with references by seq, in either order, copying what waits', async () => {
    const h = await createHarness(psnrProbe, { scribbleInputs: true });
    expect(await h.send('reference', makeTestFrame({ width: 32, height: 18, seq: 1 }))).toEqual({});
    expect(await h.send('reference', makeTestFrame({ width: 32, height: 18, seq: 2 }))).toEqual({});
    const expected = psnr(noisy(1, 20).data, makeTestFrame({ width: 32, height: 18, seq: 1 }).data);
    expect((await h.send('frame', noisy(1, 20))).psnr).toBeCloseTo(expected, 10);
    expect(await h.send('frame', noisy(3, 20))).toEqual({});
    expect((await h.send('reference', makeTestFrame({ width: 32, height: 18, seq: 3 }))).psnr).toBeCloseTo(expected, 1);
    expect(h.outputs('psnr')).toHaveLength(2);
    expect(h.status?.text).toMatch(/avg .* over 2/);
  });

  it('caps identical frames at MAX_PSNR_DB and decodes JPEG inputs', async () => {
    const h = await createHarness(psnrProbe);
    const jpeg = await makeTestJpeg({ seq: 5 });
    await h.send('reference', jpeg);
    expect((await h.send('frame', jpeg)).psnr).toBe(MAX_PSNR_DB);
  });

  it('keeps at most maxPending unmatched frames and honours everyNth', async () => {
    const h = await createHarness(psnrProbe, { config: { maxPending: 3, everyNth: 2 } });
    for (let seq = 0; seq < 12; seq++) await h.send('reference', makeTestFrame({ width: 8, height: 8, seq }));
    expect([...h.state.pending.keys()]).toEqual([6, 8, 10]);
    expect(await h.send('frame', makeTestFrame({ width: 8, height: 8, seq: 0 }))).toEqual({});
    expect((await h.send('frame', makeTestFrame({ width: 8, height: 8, seq: 8 }))).psnr).toBe(MAX_PSNR_DB);
  });

  it('throws SF202 when matched frames differ in size', async () => {
    const h = await createHarness(psnrProbe);
    await h.send('reference', makeTestFrame({ width: 8, height: 8, seq: 1 }));
    await expect(h.send('frame', makeTestFrame({ width: 16, height: 8, seq: 1 }))).rejects.toMatchObject({ code: 'SF202' });
  });
});
