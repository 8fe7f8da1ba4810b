import { defineNode, z } from '@showflow/nodes/sdk';
import { renderTextImage, type RawPixels } from '@showflow/nodes/pixels';

const hex = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #d6336c');

const config = z.object({
  name: z.string().max(120).default('Guest name'),
  role: z.string().max(160).default(''),
  font: z.string().default('DejaVu Sans'),
  size: z.number().min(8).max(200).default(34),
  /** The brand colour of the bar at the banner's left edge. */
  accent: hex.default('#d6336c'),
  background: z.string().default('rgba(16,16,24,0.82)'),
  barWidth: z.number().int().min(0).max(64).default(10),
});
type Config = z.output<typeof config>;

/** Name over role, both on the translucent box, with the accent bar to their left. RGBA. */
export async function renderBanner(c: Config): Promise<RawPixels> {
  const lines = [await renderTextImage({ text: c.name, font: `${c.font} Bold`, size: c.size, color: '#ffffff', background: c.background, padding: Math.round(c.size * 0.35), maxWidth: 0 })];
  if (c.role) lines.push(await renderTextImage({ text: c.role, font: c.font, size: Math.round(c.size * 0.62), color: '#e6e6ee', background: c.background, padding: Math.round(c.size * 0.3), maxWidth: 0 }));
  const width = c.barWidth + Math.max(...lines.map((l) => l.width));
  const height = lines.reduce((h, l) => h + l.height, 0);
  const data = Buffer.alloc(width * height * 4);
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(c.accent.slice(i, i + 2), 16));
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < c.barWidth; x++) data.set([r, g, b, 255], (y * width + x) * 4);
  }
  let top = 0;
  for (const line of lines) {
    for (let y = 0; y < line.height; y++) {
      const row = line.data.subarray(y * line.width * 4, (y + 1) * line.width * 4);
      row.copy(data, ((top + y) * width + c.barWidth) * 4);
    }
    top += line.height;
  }
  return { data, width, height, channels: 4 };
}

export const banner = defineNode({
  type: 'studio.lower-third.banner',
  // v2 split v1's single `text` ("Name — Role") into name and role and renamed `color` to `accent`.
  typeVersion: 2,
  title: 'Lower-third banner',
  category: 'source',
  description: 'A branded name/role banner with an accent bar, as an RGBA image for compose. Rendered once, re-sent every 500 ms.',
  inputs: {},
  outputs: { image: { type: 'image' } },
  config,
  budgetMs: 40,
  source: { intervalMs: () => 500 },
  migrations: {
    1: (old) => {
      const { text, color, ...rest } = old as { text?: unknown; color?: unknown };
      const [name, role] = typeof text === 'string' ? text.split(/\s+[—-]\s+/, 2) : [];
      return { ...rest, ...(name ? { name } : {}), ...(role ? { role } : {}), ...(typeof color === 'string' ? { accent: color } : {}) };
    },
  },
  setup: async (ctx) => ({ pixels: await renderBanner(ctx.config) }),
  run(ctx) {
    const { pixels } = ctx.state;
    const data = ctx.frames.alloc(pixels.data.length);
    pixels.data.copy(data);
    if (ctx.tick === 0) ctx.setStatus('ok', `${pixels.width}×${pixels.height}`);
    return { image: { width: pixels.width, height: pixels.height, channels: 4, encoding: 'raw', data, seq: 1, captureTs: ctx.now(), id: `${ctx.nodeId}#1` } };
  },
});

export default [banner];
