import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { GenerativeError } from '../errors.ts';
import { safeUrl } from '../env.ts';
import { toPng } from '../png.ts';
import type { Secret } from '../secret.ts';
import type { GeneratedImage, GenerateOptions, GenerateRequest, ImageProvider, ProviderDescription } from '../types.ts';
import { decodeBase64, fetchImageUrl, httpExchange, httpPolicy, parseJsonBody, retryAfterMs, type HttpPolicy } from './http.ts';

export interface JobsProviderOptions {
  baseUrl: string;
  apiKey?: Secret;
  model?: string;
  /** Per HTTP request. */
  timeoutMs?: number;
  /** Whole job, submit to image; the caller's deadline can only shorten it. */
  jobTimeoutMs?: number;
  pollIntervalMs?: number;
  maxRetries?: number;
  backoffMs?: number;
  costCentsPerImage?: number;
}

const submitted = z.object({ id: z.string().min(1), status_url: z.string().min(1).optional() });

const output = z.union([z.object({ b64_json: z.string().min(1) }), z.object({ url: z.string().min(1) })]);
const jobStatus = z.object({
  status: z.enum(['queued', 'pending', 'starting', 'running', 'processing', 'succeeded', 'completed', 'done', 'failed', 'error', 'canceled', 'cancelled']),
  result: output.optional(),
  error: z.union([z.string(), z.object({ message: z.string() })]).optional(),
});

const DONE = new Set(['succeeded', 'completed', 'done']);
const FAILED = new Set(['failed', 'error', 'canceled', 'cancelled']);

/**
 * An asynchronous job API, the shape queue-backed image services use:
 *   POST {baseUrl}/v1/jobs {model, prompt, style, width, height, seed} → {id, status_url?}
 *   GET  status_url or {baseUrl}/v1/jobs/{id} → {status, result?: {b64_json}|{url}, error?}
 * Polls until done or failed, never past the deadline.
 */
export class JobsProvider implements ImageProvider {
  readonly id = 'jobs';
  readonly defaultModel: string;
  readonly #baseUrl: string;
  readonly #policy: HttpPolicy;
  readonly #jobTimeoutMs: number;
  readonly #pollMs: number;
  readonly #cost: number;

  constructor(options: JobsProviderOptions) {
    this.#baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.defaultModel = options.model ?? 'default';
    this.#cost = options.costCentsPerImage ?? 2;
    this.#jobTimeoutMs = options.jobTimeoutMs ?? 120_000;
    this.#pollMs = options.pollIntervalMs ?? 1_000;
    this.#policy = httpPolicy(options, 15_000);
  }

  estimateCostCents(): number {
    return this.#cost;
  }

  async generate(request: GenerateRequest, options: GenerateOptions): Promise<GeneratedImage> {
    const started = performance.now();
    const model = request.model ?? this.defaultModel;
    const deadline = Math.min(options.deadline ?? Infinity, Date.now() + this.#jobTimeoutMs);
    const ctx = { signal: options.signal, deadline, provider: this.id };
    const origin = new URL(this.#baseUrl).origin;

    const submitUrl = `${this.#baseUrl}/v1/jobs`;
    const body = { model, prompt: request.prompt, style: request.style, width: request.width, height: request.height, seed: request.seed };
    // One key for every retry of this submit, so a retried 5xx does not queue (and bill) a second job.
    const answer = await httpExchange(submitUrl, { method: 'POST', json: body, headers: { 'idempotency-key': randomUUID() } }, this.#policy, ctx);
    const where = `${this.id} POST ${safeUrl(submitUrl)}`;
    const job = submitted.safeParse(parseJsonBody(answer, where));
    if (!job.success) throw new GenerativeError('SF505', `${where} answered without a job id`);
    const statusUrl = new URL(job.data.status_url ?? `/v1/jobs/${encodeURIComponent(job.data.id)}`, `${this.#baseUrl}/`).toString();
    const statusPolicy = { ...this.#policy, apiKey: new URL(statusUrl).origin === origin ? this.#policy.apiKey : undefined };

    let nextPollMs = 0;
    for (;;) {
      if (Date.now() + nextPollMs >= deadline) {
        throw new GenerativeError('SF504', `${this.id} job ${job.data.id.slice(0, 64)} did not finish before its deadline`);
      }
      if (nextPollMs > 0) {
        try {
          await sleep(nextPollMs, undefined, { signal: options.signal });
        } catch {
          throw new GenerativeError('SF504', `${this.id} job ${job.data.id.slice(0, 64)} was cancelled by the caller`);
        }
      }
      const poll = await httpExchange(statusUrl, { method: 'GET' }, statusPolicy, ctx);
      const pollWhere = `${this.id} GET ${safeUrl(statusUrl)}`;
      const status = jobStatus.safeParse(parseJsonBody(poll, pollWhere));
      if (!status.success) throw new GenerativeError('SF505', `${pollWhere} answered without a known job status`);
      const state = status.data;
      if (FAILED.has(state.status)) {
        const reason = typeof state.error === 'string' ? state.error : (state.error?.message ?? state.status);
        const safe = this.#policy.apiKey ? this.#policy.apiKey.scrub(reason) : reason;
        throw new GenerativeError('SF503', `${this.id} job ${job.data.id.slice(0, 64)} failed: ${safe.slice(0, 200)}`);
      }
      if (DONE.has(state.status)) {
        if (!state.result) throw new GenerativeError('SF505', `${pollWhere} reported ${state.status} without a result`);
        const raw = 'b64_json' in state.result ? decodeBase64(state.result.b64_json, pollWhere) : await fetchImageUrl(state.result.url, statusPolicy, ctx, origin);
        const png = await toPng(raw, this.id);
        return { ...png, mime: 'image/png', model, provider: this.id, latencyMs: performance.now() - started, costCents: this.#cost };
      }
      // Servers may pace polling with Retry-After on a 200.
      nextPollMs = poll.headers.has('retry-after') ? retryAfterMs(poll.headers, this.#pollMs) : this.#pollMs;
    }
  }

  describe(): ProviderDescription {
    return { provider: this.id, model: this.defaultModel, baseUrl: safeUrl(this.#baseUrl), hasApiKey: this.#policy.apiKey !== undefined, costCentsPerImage: this.#cost };
  }
}
