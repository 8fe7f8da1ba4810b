import { GenerativeError } from '../src/errors.ts';
import { OfflineProvider } from '../src/providers/offline.ts';
import type { GeneratedImage, GenerateOptions, GenerateRequest, ImageProvider, ProviderDescription } from '../src/types.ts';

/**
 * The offline provider with knobs: counts calls, can be held until released, can fail.
 * The id stays 'offline' so cache keys match a plain offline provider's.
 */
export class ControlledProvider implements ImageProvider {
  readonly id = 'offline';
  readonly defaultModel = 'offline-svg-1';
  calls = 0;
  failWith: GenerativeError | undefined;
  #inner: OfflineProvider;
  #gate: Promise<void> | undefined;
  #open: (() => void) | undefined;

  constructor(readonly costCents = 5) {
    this.#inner = new OfflineProvider({ costCentsPerImage: costCents });
  }

  /** Makes calls wait until `release()`. */
  hold(): void {
    this.#gate = new Promise((resolve) => (this.#open = resolve));
  }

  release(): void {
    this.#open?.();
    this.#gate = undefined;
  }

  estimateCostCents(): number {
    return this.costCents;
  }

  async generate(request: GenerateRequest, options: GenerateOptions): Promise<GeneratedImage> {
    this.calls++;
    if (this.#gate) await this.#gate;
    if (this.failWith) throw this.failWith;
    return this.#inner.generate(request, options);
  }

  describe(): ProviderDescription {
    return this.#inner.describe();
  }
}

export const providerDown = () => new GenerativeError('SF503', 'offline answered 503', { status: 503 });
