/** What the caller asks for; the provider id and node type version complete the cache key. */
export interface GenerateRequest {
  prompt: string;
  style: string;
  width: number;
  height: number;
  seed: number;
  /** Provider model; the provider's configured default when omitted. */
  model?: string;
}

/** One image from a provider. */
export interface GeneratedImage {
  bytes: Buffer;
  mime: 'image/png';
  width: number;
  height: number;
  model: string;
  provider: string;
  latencyMs: number;
  costCents: number;
}

export interface GenerateOptions {
  /** Aborts the call; providers stop retrying and polling at once. */
  signal: AbortSignal;
  /** Epoch ms after which no new attempt, retry wait or poll starts. */
  deadline?: number;
}

/** Safe-to-show description of a provider: never contains credentials. */
export interface ProviderDescription {
  provider: string;
  model: string;
  baseUrl?: string;
  hasApiKey: boolean;
  costCentsPerImage: number;
}

export interface ImageProvider {
  readonly id: string;
  readonly defaultModel: string;
  /** Cost the budget reserves before the call; the image reports the actual cost. */
  estimateCostCents(request: GenerateRequest): number;
  generate(request: GenerateRequest, options: GenerateOptions): Promise<GeneratedImage>;
  describe(): ProviderDescription;
}

/** Who pays for a call and why; every call carries one. */
export interface BudgetLabel {
  creator: string;
  show: string;
  purpose: string;
}
