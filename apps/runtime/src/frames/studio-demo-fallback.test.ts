import { describe, expect, it, vi } from 'vitest';

// A machine without libjpeg-turbo: the addon reports itself unavailable and refuses work.
vi.mock('@showflow/jpeg-turbo', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@showflow/jpeg-turbo')>();
  const refuse = () => {
    throw new Error('@showflow/jpeg-turbo is not available');
  };
  return { ...actual, available: () => false, readHeader: refuse, decodeToI420: refuse, encodeI420: refuse };
});

const { available } = await import('@showflow/jpeg-turbo');
const { runDemo, studioDemo } = await import('./studio-demo.ts');
const { decodeFrame, encodeJpeg, rawToI420Frame, toI420Frame } = await import('@showflow/nodes/pixels');

describe('studio demo without TurboJPEG', () => {
  it('runs the JPEG-camera demo on the RGB path through sharp, without errors or leaks', async () => {
    expect(available()).toBe(false);
    // The node package sees the same: its I420 decode is sharp's RGB, converted.
    // (A textured picture: TurboJPEG's own planes would differ from sharp's RGB re-converted.)
    const data = Buffer.from(Array.from({ length: 32 * 16 * 3 }, (_, i) => (i * 37) % 251));
    const raw = { width: 32, height: 16, channels: 3 as const, encoding: 'raw' as const, data, seq: 0, captureTs: 0, id: 't#0' };
    const jpeg = { ...raw, encoding: 'jpeg' as const, data: await encodeJpeg(raw) };
    expect((await toI420Frame(jpeg)).data.equals(rawToI420Frame(await decodeFrame(jpeg)).data)).toBe(true);
    const run = await runDemo(studioDemo(true), 6, ['encode']);
    expect(run.metrics.nodes.filter((n) => n.errors > 0).map((n) => `${n.nodeId}: ${n.lastError?.message}`)).toEqual([]);
    expect(run.metrics.endToEnd.count).toBeGreaterThan(0);
    expect(Number(/([\d.]+) dB/.exec(run.metrics.nodes.find((n) => n.nodeId === 'quality')!.status.text)?.[1])).toBeGreaterThan(28);
    expect(run.previews.encode).toMatchObject({ width: 1280, height: 720, mime: 'image/jpeg' });
    // Without TurboJPEG, JPEG input stays on RGB (cheaper than sharp + conversion to I420).
    expect(run.allocSizes.has(1280 * 720 * 1.5)).toBe(false);
    expect(run.allocSizes.has(1280 * 720 * 3)).toBe(true);
    expect(run.leakedHandles).toBe(0);
  });
});
