import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { GeneratedImage, GenerateOptions, GenerateRequest, ImageProvider, ProviderDescription } from '../types.ts';
import { GenerativeError } from '../errors.ts';

export interface OfflineProviderOptions {
  model?: string;
  /** Pretend cost, so budgets can be exercised without a paid provider. */
  costCentsPerImage?: number;
}

/**
 * Renders a deterministic image from prompt, style, size and seed: a seeded palette,
 * gradient and shapes plus the prompt text, drawn as SVG and encoded by sharp. Identical
 * inputs give identical bytes, so shows rehearse and tests run with no network.
 */
export class OfflineProvider implements ImageProvider {
  readonly id = 'offline';
  readonly defaultModel: string;
  readonly #cost: number;

  constructor(options: OfflineProviderOptions = {}) {
    this.defaultModel = options.model ?? 'offline-svg-1';
    this.#cost = options.costCentsPerImage ?? 0;
  }

  estimateCostCents(): number {
    return this.#cost;
  }

  async generate(request: GenerateRequest, options: GenerateOptions): Promise<GeneratedImage> {
    const started = performance.now();
    if (options.signal.aborted) throw new GenerativeError('SF504', 'offline render cancelled before it started');
    const model = request.model ?? this.defaultModel;
    const svg = renderSvg({ ...request, model });
    const bytes = await sharp(Buffer.from(svg)).png({ compressionLevel: 6, adaptiveFiltering: false }).toBuffer();
    return {
      bytes,
      mime: 'image/png',
      width: request.width,
      height: request.height,
      model,
      provider: this.id,
      latencyMs: performance.now() - started,
      costCents: this.#cost,
    };
  }

  describe(): ProviderDescription {
    return { provider: this.id, model: this.defaultModel, hasApiKey: false, costCentsPerImage: this.#cost };
  }
}

/** mulberry32: tiny, fast, and the same sequence on every platform. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function wrap(text: string, maxChars: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const next = line ? `${line} ${word}` : word;
    if (next.length > maxChars && line) {
      lines.push(line);
      line = word.slice(0, maxChars);
    } else line = next.slice(0, maxChars);
    if (lines.length === maxLines) break;
  }
  if (line && lines.length < maxLines) lines.push(line);
  return lines;
}

function renderSvg(r: GenerateRequest & { model: string }): string {
  // The text inputs pick the palette family; the seed varies everything within it.
  const digest = createHash('sha256').update(JSON.stringify([r.prompt, r.style, r.model])).digest();
  const random = prng(digest.readUInt32BE(0) ^ r.seed);
  const baseHue = Math.floor(random() * 360);
  const hue = (offset: number) => (baseHue + offset + Math.floor(random() * 40)) % 360;
  const colour = (h: number, s: number, l: number) => `hsl(${h},${s}%,${l}%)`;
  const { width: w, height: h } = r;

  const shapes: string[] = [];
  const count = 6 + Math.floor(random() * 10);
  for (let i = 0; i < count; i++) {
    const fill = colour(hue(i * 47), 55 + Math.floor(random() * 40), 35 + Math.floor(random() * 40));
    const opacity = (0.25 + random() * 0.5).toFixed(2);
    const x = Math.round(random() * w);
    const y = Math.round(random() * h);
    const size = Math.round((0.05 + random() * 0.3) * Math.min(w, h));
    shapes.push(
      random() < 0.5
        ? `<circle cx="${x}" cy="${y}" r="${size}" fill="${fill}" fill-opacity="${opacity}"/>`
        : `<rect x="${x - size}" y="${y - size}" width="${size * 2}" height="${Math.round(size * 1.2)}" fill="${fill}" fill-opacity="${opacity}" transform="rotate(${Math.round(random() * 90)} ${x} ${y})"/>`,
    );
  }

  const fontSize = Math.max(10, Math.round(Math.min(w, h) / 14));
  const lines = wrap(r.prompt, Math.max(8, Math.floor((w * 0.9) / (fontSize * 0.6))), 4);
  const text = lines
    .map((line, i) => `<tspan x="${Math.round(w / 2)}" dy="${i === 0 ? 0 : Math.round(fontSize * 1.25)}">${escapeXml(line)}</tspan>`)
    .join('');
  const textY = Math.round(h / 2 - ((lines.length - 1) * fontSize * 1.25) / 2);
  const caption = r.style ? `<text x="${Math.round(w / 2)}" y="${h - Math.round(fontSize * 0.8)}" font-size="${Math.round(fontSize * 0.6)}" text-anchor="middle" fill="white" fill-opacity="0.8" font-family="DejaVu Sans, sans-serif">${escapeXml(r.style.slice(0, 80))}</text>` : '';

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`,
    `<defs><linearGradient id="bg" x1="0" y1="0" x2="${random() < 0.5 ? 1 : 0}" y2="1">`,
    `<stop offset="0" stop-color="${colour(hue(0), 70, 25)}"/><stop offset="1" stop-color="${colour(hue(180), 70, 55)}"/>`,
    `</linearGradient></defs>`,
    `<rect width="${w}" height="${h}" fill="url(#bg)"/>`,
    ...shapes,
    `<text x="${Math.round(w / 2)}" y="${textY}" font-size="${fontSize}" font-weight="bold" text-anchor="middle" fill="white" stroke="black" stroke-width="${Math.max(1, Math.round(fontSize / 16))}" paint-order="stroke" font-family="DejaVu Sans, sans-serif">${text}</text>`,
    caption,
    `</svg>`,
  ].join('');
}
