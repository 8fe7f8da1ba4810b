import type { KeyObject } from 'node:crypto';
import { BudgetGuard, type BudgetOptions } from '../budget/budget-guard.ts';
import { systemClock, utcDay, type Clock } from '../budget/clock.ts';
import { SpendFile } from '../budget/spend-file.ts';
import type { LabelUsage } from '../budget/usage-ledger.ts';
import { AssetCache } from '../cache/asset-cache.ts';
import { cacheKey, sha256Hex, type CacheInputs } from '../cache/cache-key.ts';
import { DiskAssetStore } from '../cache/disk-store.ts';
import { SingleFlight } from '../cache/single-flight.ts';
import type { StoredAsset } from '../cache/stored-asset.ts';
import { GenerativeError, errorReason, isGenerativeError, isRefusal } from '../errors.ts';
import { signRecord, verifyAsset, type VerifyResult } from '../provenance/record.ts';
import { loadOrCreateSigningKey, type SigningKey } from '../provenance/signing-key.ts';
import { parseBudgetLabel, parseGenerateRequest } from '../request.ts';
import type { BudgetLabel, ImageProvider, ProviderDescription } from '../types.ts';
import { NodeState, type AssetListener } from './node-state.ts';
import type { NodeStats } from './node-stats.ts';
import { mapWithConcurrency } from './pool.ts';
import { waitFor } from './wait-for.ts';
import type { AssetResult, GenerateCall, PrecomputeContext, PrecomputeOutcome, ServiceResult, VariationListing, VariationSpec } from './results.ts';

export interface GenerativeServiceOptions {
  provider: ImageProvider;
  dataDir: string;
  budget: Omit<BudgetOptions, 'clock' | 'initialSpend' | 'onSpend'>;
  /** Memory tier of the cache; default 64 MiB. */
  cacheBytes?: number;
  /** Longest a provider call may run, whoever waits on it; default 60 s. */
  providerTimeoutMs?: number;
  clock?: Clock;
  /**
   * Limits every instance keeps together (the runtime's Redis budget when REDIS_URL is set),
   * made from this service's budget settings. Checked before this process's own guard, which
   * still keeps the usage ledger and the spend file.
   */
  sharedBudget?: (limits: GenerativeServiceOptions['budget']) => SharedBudget;
}

/** A budget shared across processes: the same reserve-first admission, asynchronous. */
export interface SharedBudget {
  /** Refuses with SF501 (rate, with retryAfterMs) or SF502 (daily cap), as BudgetGuard does. */
  admit(creator: string, estimateCents: number): Promise<{ succeeded(actualCents: number): Promise<void>; failed(): Promise<void> }>;
}

/** What one flight produced, shared by every caller that joined it. */
interface FlightResult {
  asset: StoredAsset;
  source: 'disk' | 'provider';
  latencyMs: number;
  costCents: number;
}

/**
 * The generative layer: budget → cache → one provider call per distinct request → store
 * and sign. Frame-path code reads `peek` (no I/O, no waiting); control code calls `ensure`,
 * which falls back to the node's current asset when a call is refused or fails.
 */
export class GenerativeService {
  readonly #provider: ImageProvider;
  readonly #cache: AssetCache;
  readonly #budget: BudgetGuard;
  readonly #shared: SharedBudget | undefined;
  readonly #key: SigningKey;
  readonly #flights = new SingleFlight<FlightResult>();
  readonly #nodes = new Map<string, NodeState>();
  readonly #clock: Clock;
  readonly #providerTimeoutMs: number;
  readonly #spendFile: SpendFile;
  readonly #closing = new AbortController();
  readonly #dataDir: string;
  #diskWriteErrors = 0;

  private constructor(options: GenerativeServiceOptions, key: SigningKey, spendFile: SpendFile, initialSpend: BudgetOptions['initialSpend']) {
    this.#provider = options.provider;
    this.#clock = options.clock ?? systemClock;
    this.#providerTimeoutMs = options.providerTimeoutMs ?? 60_000;
    this.#cache = new AssetCache(new DiskAssetStore(options.dataDir), options.cacheBytes ?? 64 * 1024 * 1024);
    this.#key = key;
    this.#spendFile = spendFile;
    this.#dataDir = options.dataDir;
    this.#budget = new BudgetGuard({ ...options.budget, clock: this.#clock, initialSpend, onSpend: (day, spent) => spendFile.save(day, spent) });
    this.#shared = options.sharedBudget?.(options.budget);
  }

  static async open(options: GenerativeServiceOptions): Promise<GenerativeService> {
    const key = await loadOrCreateSigningKey(options.dataDir);
    const spendFile = new SpendFile(options.dataDir);
    const initialSpend = await spendFile.load(utcDay((options.clock ?? systemClock)()));
    return new GenerativeService(options, key, spendFile, initialSpend);
  }

  /** Strict: resolves with an asset or rejects with a GenerativeError. */
  async generate(call: GenerateCall): Promise<AssetResult> {
    const label = parseBudgetLabel(call.label);
    const request = parseGenerateRequest(call.request);
    const node = this.#node(call.nodeKey);
    const inputs: CacheInputs = {
      provider: this.#provider.id,
      model: request.model ?? this.#provider.defaultModel,
      prompt: request.prompt,
      style: request.style,
      size: { width: request.width, height: request.height },
      seed: request.seed,
      nodeTypeVersion: call.nodeTypeVersion ?? 1,
    };
    const key = cacheKey(inputs);

    const hot = this.#cache.peek(key);
    if (hot) {
      node.stats.hits++;
      this.#budget.recordCacheHit(label);
      return { ...hot, cached: true, fallback: false };
    }

    // Deadlines are wall-clock: the injected clock drives budgets and records only.
    const deadline = Math.min(call.deadline ?? Infinity, Date.now() + this.#providerTimeoutMs);
    const { promise, joined } = this.#flights.run(key, () => this.#fly(key, inputs, request, label, deadline));
    let flight: FlightResult;
    try {
      flight = await waitFor(promise, call.signal, call.deadline);
    } catch (error) {
      if (isRefusal(error)) node.stats.refusals++;
      else node.stats.errors++;
      throw error;
    }
    if (joined || flight.source === 'disk') {
      node.stats.hits++;
      if (joined) node.stats.coalesced++;
      this.#budget.recordCacheHit(label);
      return { ...flight.asset, cached: true, fallback: false };
    }
    node.stats.misses++;
    node.stats.recordProviderCall(flight.latencyMs, flight.costCents);
    return { ...flight.asset, cached: false, fallback: false };
  }

  /**
   * Like generate, but never leaves a node without an image when one exists: on refusal,
   * provider failure or timeout (or after `waitMs`, while the call carries on) it returns
   * the node's current or a precomputed asset with `fallback: true`. A successful result
   * becomes the node's current asset unless a newer ensure or select came first.
   */
  async ensure(call: GenerateCall, options: { waitMs?: number } = {}): Promise<ServiceResult> {
    const node = this.#node(call.nodeKey);
    const generation = ++node.generation;
    const pending = this.generate(call).then((result) => {
      if (node.generation === generation) node.show(result);
      return result;
    });
    try {
      if (options.waitMs === undefined) return await pending;
      pending.catch(() => undefined); // the late outcome is still applied; its error is reported below or dropped
      return await waitFor(pending, undefined, Date.now() + options.waitMs, 'still generating; showing the previous asset');
    } catch (error) {
      const standIn = node.fallback();
      if (!standIn) throw error;
      node.stats.fallbacks++;
      return { ...standIn, cached: true, fallback: true, reason: errorReason(error) };
    }
  }

  /** The node's current asset, synchronously and without I/O: safe on the frame path. */
  peek(nodeKey: string): AssetResult | undefined {
    return this.#nodes.get(nodeKey)?.current;
  }

  /**
   * Generates every variation before a show through the same budget, cache and
   * single-flight path, a few at a time. Failures are reported per variation.
   */
  async precompute(nodeKey: string, variations: VariationSpec[], context: PrecomputeContext): Promise<PrecomputeOutcome[]> {
    const node = this.#node(nodeKey);
    node.variations = new Array(variations.length).fill(undefined);
    node.variationSpecs = variations.map((v) => ({ ...v }));
    node.outcomes = new Array(variations.length).fill(undefined);
    const outcomes = await mapWithConcurrency(variations, context.concurrency ?? 2, async (variation, index): Promise<PrecomputeOutcome> => {
      try {
        const result = await this.generate({
          nodeKey,
          label: context.label,
          nodeTypeVersion: context.nodeTypeVersion,
          request: { prompt: variation.prompt, style: variation.style ?? '', seed: variation.seed, width: context.width, height: context.height, model: context.model },
        });
        node.variations[index] = result;
        return (node.outcomes[index] = { index, ok: true, assetHash: result.assetHash, cached: result.cached });
      } catch (error) {
        return (node.outcomes[index] = { index, ok: false, ...errorReason(error) });
      }
    });
    if (!node.current) {
      const first = node.variations.findIndex((v) => v !== undefined);
      if (first >= 0) this.select(nodeKey, first);
    }
    return outcomes;
  }

  /** Switches the node to a precomputed variation at once: no provider call, no I/O. */
  select(nodeKey: string, index: number): AssetResult {
    const node = this.#nodes.get(nodeKey);
    const variation = node?.variations[index];
    if (!node || !variation) throw new GenerativeError('SF507', `node ${JSON.stringify(nodeKey)} has no precomputed variation ${index}`);
    node.generation++;
    node.activeIndex = index;
    node.show(variation);
    return variation;
  }

  /**
   * Calls `listener` whenever the node's current asset changes by select or by an
   * applied ensure result, synchronously, so a source can send it without waiting for
   * its next tick. Returns the unsubscribe function.
   */
  watch(nodeKey: string, listener: AssetListener): () => void {
    const node = this.#node(nodeKey);
    node.listeners.add(listener);
    return () => node.listeners.delete(listener);
  }

  /** The node's precomputed variations as requested, each with its asset hash or why it failed. */
  variations(nodeKey: string): VariationListing | undefined {
    const node = this.#nodes.get(nodeKey);
    if (!node) return undefined;
    return {
      active: node.activeIndex,
      currentAssetHash: node.current?.assetHash,
      variations: node.variationSpecs.map((spec, index) => {
        const outcome = node.outcomes[index];
        return {
          index,
          prompt: spec.prompt,
          style: spec.style ?? '',
          seed: spec.seed,
          ...(outcome?.ok ? { assetHash: outcome.assetHash } : {}),
          ...(outcome && !outcome.ok ? { error: { code: outcome.code, message: outcome.message } } : {}),
        };
      }),
    };
  }

  activeVariation(nodeKey: string): number | undefined {
    return this.#nodes.get(nodeKey)?.activeIndex;
  }

  /** An asset by the sha256 of its bytes, from memory or disk. */
  getAsset(assetHash: string): Promise<StoredAsset | undefined> {
    return this.#cache.getByHash(assetHash);
  }

  /** Checks a stored asset against its stored record, or against a record the caller sends. */
  async verify(assetHash: string, record?: unknown): Promise<VerifyResult | undefined> {
    const asset = await this.getAsset(assetHash);
    if (!asset) return undefined;
    return verifyAsset(asset.bytes, record ?? asset.provenance, this.#key.publicKey);
  }

  get publicKey(): KeyObject {
    return this.#key.publicKey;
  }

  get publicKeyPem(): string {
    return this.#key.publicKeyPem;
  }

  nodeStats(nodeKey: string): NodeStats | undefined {
    return this.#nodes.get(nodeKey)?.stats.snapshot();
  }

  allNodeStats(): NodeStats[] {
    return [...this.#nodes.values()].map((n) => n.stats.snapshot());
  }

  /** Spend and calls per budget label, optionally filtered by creator, show or purpose. */
  usage(filter?: Partial<BudgetLabel>): LabelUsage[] {
    return this.#budget.usage(filter);
  }

  budgetFor(creator: string): { spentTodayCents: number; remainingTodayCents: number; tokensAvailable: number } {
    return { spentTodayCents: this.#budget.spentToday(creator), remainingTodayCents: this.#budget.remainingToday(creator), tokensAvailable: this.#budget.tokensAvailable(creator) };
  }

  /** Status for readouts and health checks; never includes credentials. */
  describe(): { provider: ProviderDescription; keyId: string; dataDir: string; cache: AssetCache['memory']; inFlight: number; nodes: number; diskWriteErrors: number } {
    return { provider: this.#provider.describe(), keyId: this.#key.keyId, dataDir: this.#dataDir, cache: this.#cache.memory, inFlight: this.#flights.size, nodes: this.#nodes.size, diskWriteErrors: this.#diskWriteErrors };
  }

  /** Aborts provider calls in flight and writes pending spend to disk. */
  async close(): Promise<void> {
    this.#closing.abort();
    await this.#spendFile.flush();
  }

  /** The work one flight does for every caller of an identical request. */
  async #fly(key: string, inputs: CacheInputs, request: ReturnType<typeof parseGenerateRequest>, label: BudgetLabel, deadline: number): Promise<FlightResult> {
    // An unreadable disk is a miss, not an outage: the provider can still make the image.
    const onDisk = await this.#cache.get(key).catch(() => undefined);
    if (onDisk) return { asset: onDisk, source: 'disk', latencyMs: 0, costCents: 0 };

    const estimate = this.#provider.estimateCostCents(request);
    // Every instance's limits first (one atomic step in Redis), then this process's guard.
    const shared = this.#shared ? await this.#shared.admit(label.creator, estimate) : undefined;
    const settleShared = (work: Promise<void> | undefined) => void work?.catch(() => undefined);
    let admission;
    try {
      admission = this.#budget.admit(label, estimate);
    } catch (error) {
      settleShared(shared?.failed());
      throw error;
    }
    let image;
    try {
      const signal = AbortSignal.any([this.#closing.signal, AbortSignal.timeout(Math.max(1, deadline - Date.now()))]);
      image = await this.#provider.generate({ ...request, model: inputs.model }, { signal, deadline });
    } catch (error) {
      admission.failed();
      settleShared(shared?.failed());
      if (isGenerativeError(error)) throw error;
      throw new GenerativeError('SF503', `${this.#provider.id} failed unexpectedly`, {}, { cause: error });
    }
    admission.succeeded(image.costCents);
    settleShared(shared?.succeeded(image.costCents));

    const assetHash = sha256Hex(image.bytes);
    const provenance = signRecord(
      { version: 1, assetSha256: assetHash, mime: 'image/png', inputs, inputsSha256: key, provider: image.provider, model: image.model, createdAt: new Date(this.#clock()).toISOString() },
      this.#key,
    );
    const asset: StoredAsset = { assetHash, bytes: image.bytes, provenance };
    try {
      await this.#cache.put(key, asset);
    } catch {
      // Billed and signed already: a full or read-only disk must not lose the image for this show.
      this.#diskWriteErrors++;
    }
    return { asset, source: 'provider', latencyMs: image.latencyMs, costCents: image.costCents };
  }

  #node(nodeKey: string): NodeState {
    let node = this.#nodes.get(nodeKey);
    if (!node) {
      node = new NodeState(nodeKey);
      this.#nodes.set(nodeKey, node);
    }
    return node;
  }
}
