import { describe, expect, it } from 'vitest';
import { createHarness } from '../harness/index.ts';
import { psnr } from '../pixels/index.ts';
import { syntheticCapture } from './synthetic-capture.ts';

describe('showflow.synthetic-capture', () => {
  it('emits a noisy frame and its clean ground truth, stamped with tick and clock', async () => {
    let clock = 1_000.25;
    const h = await createHarness(syntheticCapture, { config: { width: 96, height: 54, noise: 8 }, nodeId: 'cam', now: () => clock });
    const first = await h.tick();
    clock += 33.3;
    const second = await h.tick();
    expect(first.frame).toMatchObject({ width: 96, height: 54, channels: 3, encoding: 'raw', seq: 0, captureTs: 1_000.25, id: 'cam#0' });
    expect(second.frame).toMatchObject({ seq: 1, captureTs: 1_033.55, id: 'cam#1' });
    expect(second.clean!.seq).toBe(1);
    expect(second.clean!.id).not.toBe(second.frame!.id);
    const noise = psnr(second.frame!.data, second.clean!.data);
    expect(noise).toBeGreaterThan(25);
    expect(noise).toBeLessThan(35);
  });

  it('noise 0 makes both outputs identical; the rate follows fps', async () => {
    const h = await createHarness(syntheticCapture, { config: { width: 32, height: 18, noise: 0, fps: 25 } });
    const out = await h.tick();
    expect(out.frame!.data.equals(out.clean!.data)).toBe(true);
    expect(syntheticCapture.source!.intervalMs(h.config)).toBe(40);
  });

  it('uses the frame allocator for both outputs', async () => {
    const h = await createHarness(syntheticCapture, { config: { width: 32, height: 18 } });
    await h.tick();
    expect((h.frames as unknown as { allocations: number }).allocations).toBe(2);
  });
});
