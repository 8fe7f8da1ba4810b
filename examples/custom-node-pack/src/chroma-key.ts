import { defineNode, z } from '@showflow/nodes/sdk';

const config = z.object({
  /** The backdrop colour to remove. */
  key: z.string().regex(/^#[0-9a-fA-F]{6}$/).default('#00b140'),
  /** Colour distance (0–442 in RGB) under which a pixel is fully transparent. */
  tolerance: z.number().min(0).max(442).default(90),
  /** Extra distance over which pixels fade from transparent to opaque, for soft edges. */
  softness: z.number().min(0).max(442).default(60),
  /** Pulls the key colour's cast out of edge pixels (0 off … 1 full). */
  despill: z.number().min(0).max(1).default(0.6),
});
type Config = z.output<typeof config>;

/**
 * Keys RGB(A) pixels into RGBA: alpha from the distance to the key colour, and spill
 * suppression that clamps the key's dominant channel to the mean of the other two.
 */
export function chromaKey(src: Buffer, channels: 3 | 4, pixels: number, out: Buffer, c: Config): number {
  const kr = parseInt(c.key.slice(1, 3), 16);
  const kg = parseInt(c.key.slice(3, 5), 16);
  const kb = parseInt(c.key.slice(5, 7), 16);
  const dominant = kg >= kr && kg >= kb ? 1 : kb >= kr ? 2 : 0;
  const inner = c.tolerance * c.tolerance;
  const outer = (c.tolerance + c.softness) ** 2;
  let transparent = 0;
  for (let i = 0, o = 0; i < pixels * channels; i += channels, o += 4) {
    let r = src[i];
    let g = src[i + 1];
    let b = src[i + 2];
    const d = (r - kr) ** 2 + (g - kg) ** 2 + (b - kb) ** 2;
    const alpha = d <= inner ? 0 : d >= outer ? 255 : Math.round((255 * (Math.sqrt(d) - c.tolerance)) / Math.max(1, c.softness));
    if (alpha === 0) transparent++;
    if (c.despill > 0 && alpha > 0 && alpha < 255) {
      if (dominant === 1) g -= Math.max(0, g - (r + b) / 2) * c.despill;
      else if (dominant === 2) b -= Math.max(0, b - (r + g) / 2) * c.despill;
      else r -= Math.max(0, r - (g + b) / 2) * c.despill;
    }
    out[o] = r;
    out[o + 1] = g;
    out[o + 2] = b;
    out[o + 3] = channels === 4 ? Math.min(alpha, src[i + 3]) : alpha;
  }
  return transparent;
}

export const chromaKeyNode = defineNode({
  type: 'studio.lower-third.chroma-key',
  typeVersion: 1,
  title: 'Chroma key',
  category: 'process',
  description: 'Removes a green (or any) backdrop from a frame: outputs an RGBA image to compose over another picture.',
  inputs: { frame: { type: 'frame' } },
  outputs: { image: { type: 'image' } },
  config,
  budgetMs: 30,
  async run(ctx) {
    const input = ctx.inputs.frame;
    if (!input) return;
    const frame = await ctx.frames.raw(input);
    const pixels = frame.width * frame.height;
    const out = ctx.frames.alloc(pixels * 4);
    const transparent = chromaKey(frame.data, frame.channels, pixels, out, ctx.config);
    if (frame.seq % 30 === 0) ctx.setStatus('ok', `${Math.round((100 * transparent) / pixels)}% keyed`);
    return { image: { width: frame.width, height: frame.height, channels: 4, encoding: 'raw', data: out, seq: frame.seq, captureTs: frame.captureTs, id: frame.id } };
  },
});

export default [chromaKeyNode];
