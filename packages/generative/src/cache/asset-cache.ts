import { ByteLru } from './byte-lru.ts';
import type { DiskAssetStore } from './disk-store.ts';
import type { StoredAsset } from './stored-asset.ts';

/** Map overhead per entry besides the image bytes; rough, keeps tiny images honest. */
const ENTRY_OVERHEAD_BYTES = 1024;

/**
 * Two tiers: a byte-bounded LRU in memory (the frame path reads only this, synchronously)
 * over the content-addressed disk store (survives restarts, shared by instances).
 */
export class AssetCache {
  readonly #memory: ByteLru<StoredAsset>;
  /** cache key → asset hash; strings only, bounded by count. */
  readonly #keyIndex = new ByteLru<string>(200_000, () => 1);
  readonly #disk: DiskAssetStore;
  readonly maxBytes: number;

  constructor(disk: DiskAssetStore, maxBytes: number) {
    this.#disk = disk;
    this.maxBytes = maxBytes;
    this.#memory = new ByteLru(maxBytes, (asset) => asset.bytes.length + ENTRY_OVERHEAD_BYTES);
  }

  /** Memory only, no I/O: what a frame-path caller may use. */
  peek(cacheKey: string): StoredAsset | undefined {
    const hash = this.#keyIndex.get(cacheKey);
    return hash === undefined ? undefined : this.#memory.get(hash);
  }

  /** Memory, then disk; a disk hit is promoted to memory. */
  async get(cacheKey: string): Promise<StoredAsset | undefined> {
    const hot = this.peek(cacheKey);
    if (hot) return hot;
    const hash = this.#keyIndex.get(cacheKey) ?? (await this.#disk.assetHashFor(cacheKey));
    if (!hash) return undefined;
    const asset = await this.getByHash(hash);
    if (asset) this.#keyIndex.set(cacheKey, hash);
    return asset;
  }

  async getByHash(assetHash: string): Promise<StoredAsset | undefined> {
    const hot = this.#memory.get(assetHash);
    if (hot) return hot;
    const cold = await this.#disk.get(assetHash);
    if (cold) this.#memory.set(assetHash, cold);
    return cold;
  }

  /** Memory first, so a failing disk still leaves the image usable by this process. */
  async put(cacheKey: string, asset: StoredAsset): Promise<void> {
    this.#memory.set(asset.assetHash, asset);
    this.#keyIndex.set(cacheKey, asset.assetHash);
    await this.#disk.put(cacheKey, asset);
  }

  get memory(): { bytes: number; entries: number; evictions: number; maxBytes: number } {
    return { bytes: this.#memory.bytes, entries: this.#memory.size, evictions: this.#memory.evictions, maxBytes: this.maxBytes };
  }
}
