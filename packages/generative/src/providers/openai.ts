import { z } from 'zod';
import { GenerativeError } from '../errors.ts';
import { toPng } from '../png.ts';
import type { Secret } from '../secret.ts';
import type { GeneratedImage, GenerateOptions, GenerateRequest, ImageProvider, ProviderDescription } from '../types.ts';
import { safeUrl } from '../env.ts';
import { decodeBase64, fetchImageUrl, httpExchange, httpPolicy, parseJsonBody, type HttpPolicy } from './http.ts';

export interface OpenAiProviderOptions {
  baseUrl: string;
  apiKey?: Secret;
  model?: string;
  timeoutMs?: number;
  maxRetries?: number;
  backoffMs?: number;
  costCentsPerImage?: number;
}

const imagesResponse = z.object({
  data: z
    .array(z.union([z.object({ b64_json: z.string().min(1) }), z.object({ url: z.string().min(1) })]))
    .min(1),
});

/**
 * The OpenAI-compatible images API: POST {baseUrl}/v1/images/generations. Many hosted and
 * self-hosted servers speak it. The API has no style or seed fields, so the style is
 * folded into the prompt; the seed still tells variations apart in the cache.
 */
export class OpenAiImagesProvider implements ImageProvider {
  readonly id = 'openai';
  readonly defaultModel: string;
  readonly #baseUrl: string;
  readonly #policy: HttpPolicy;
  readonly #cost: number;

  constructor(options: OpenAiProviderOptions) {
    this.#baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.defaultModel = options.model ?? 'gpt-image-1';
    this.#cost = options.costCentsPerImage ?? 4;
    this.#policy = httpPolicy(options, 60_000);
  }

  estimateCostCents(): number {
    return this.#cost;
  }

  async generate(request: GenerateRequest, options: GenerateOptions): Promise<GeneratedImage> {
    const started = performance.now();
    const model = request.model ?? this.defaultModel;
    const ctx = { signal: options.signal, deadline: options.deadline, provider: this.id };
    const url = `${this.#baseUrl}/v1/images/generations`;
    const answer = await httpExchange(
      url,
      {
        method: 'POST',
        json: {
          model,
          prompt: request.style ? `${request.prompt}. Style: ${request.style}` : request.prompt,
          size: `${request.width}x${request.height}`,
          n: 1,
          response_format: 'b64_json',
        },
      },
      this.#policy,
      ctx,
    );
    const where = `${this.id} POST ${safeUrl(url)}`;
    const parsed = imagesResponse.safeParse(parseJsonBody(answer, where));
    if (!parsed.success) throw new GenerativeError('SF505', `${where} answered without data[0].b64_json or data[0].url`);
    const first = parsed.data.data[0];
    const raw = 'b64_json' in first ? decodeBase64(first.b64_json, where) : await fetchImageUrl(first.url, this.#policy, ctx, new URL(this.#baseUrl).origin);
    const png = await toPng(raw, this.id);
    return { ...png, mime: 'image/png', model, provider: this.id, latencyMs: performance.now() - started, costCents: this.#cost };
  }

  describe(): ProviderDescription {
    return { provider: this.id, model: this.defaultModel, baseUrl: safeUrl(this.#baseUrl), hasApiKey: this.#policy.apiKey !== undefined, costCentsPerImage: this.#cost };
  }
}
