import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Redis } from 'ioredis';
import type { Logger } from '../log.ts';
import { InstanceRegistry } from './instance-registry.ts';
import { PipelineLeases, type Lease } from './pipeline-lease.ts';
import { openRedis } from './redis.ts';

/** What placement needs from the runtime around it. */
export interface PlacementHooks {
  /** Pipelines that should run somewhere (those with an active version), with that version. */
  deployed(): Promise<Map<string, number>>;
  /** Runs the store's active version here, or stops the pipeline when it has none; serialised with this instance's deploys. */
  run(pipelineId: string): Promise<void>;
  /** Stops the pipeline here at once. */
  stop(pipelineId: string): Promise<void>;
  /** The version this instance runs (or holds paused) of the pipeline. */
  runningVersion(pipelineId: string): number | undefined;
}

/** Where a pipeline runs: here, on another instance (with its URL when it advertises one), or nowhere right now. */
export type Whereabouts = { here: true } | { here: false; instanceId: string; url: string | undefined } | undefined;

export interface PlacementOptions {
  /** This instance's URL, where the others redirect calls for the pipelines it runs. */
  url: string;
  /** Lease life: a dead instance's pipelines are free after at most this long. */
  ttlMs: number;
  instanceId?: string;
  /** Redis key prefix, default `showflow:`. */
  prefix?: string;
  log: Logger;
}

interface Held {
  lease: Lease;
  /** Stops the pipeline when the lease runs out by this instance's clock before a renewal lands. */
  guard?: NodeJS.Timeout;
}

/**
 * Which instance runs each deployed pipeline (decision 0072). Every instance watches the
 * deployed pipelines; one whose lease nobody holds is taken by the first instance to ask,
 * which then runs its active version from the shared store. The owner renews every third
 * of the lease's life and stops the pipeline the moment a renewal is refused (someone else
 * holds it) or its own clock says the lease may have run out, so two instances never run
 * one pipeline at once. Closing drains: each pipeline is stopped, then its lease released
 * and announced, so another instance starts it without waiting for expiry.
 */
export class PipelinePlacement {
  readonly instanceId: string;
  readonly url: string;
  private readonly leases: PipelineLeases;
  private readonly registry: InstanceRegistry;
  private readonly channel: string;
  private readonly held = new Map<string, Held>();
  private deployed = new Map<string, number>();
  private hooks?: PlacementHooks;
  private readonly timers: NodeJS.Timeout[] = [];
  private closing = false;
  private watching = false;
  private watchAgain = false;
  private refreshDue = true;
  private lastRefresh = 0;

  static async open(redisUrl: string, options: PlacementOptions): Promise<PipelinePlacement> {
    const redis = await openRedis(redisUrl);
    const subscriber = await openRedis(redisUrl).catch((err: unknown) => {
      redis.disconnect();
      throw err;
    });
    return new PipelinePlacement(redis, subscriber, options);
  }

  constructor(
    private readonly redis: Redis,
    private readonly subscriber: Redis,
    private readonly options: PlacementOptions,
  ) {
    const prefix = options.prefix ?? 'showflow:';
    this.instanceId = options.instanceId ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
    this.url = options.url;
    this.leases = new PipelineLeases(redis, { instanceId: this.instanceId, ttlMs: options.ttlMs, prefix });
    this.registry = new InstanceRegistry(redis, prefix, options.ttlMs);
    this.channel = `${prefix}placement`;
  }

  get ttlMs(): number {
    return this.options.ttlMs;
  }

  /** Announces this instance, takes the pipelines nobody runs, then keeps watching and renewing. */
  async start(hooks: PlacementHooks): Promise<void> {
    this.hooks = hooks;
    await this.registry.advertise(this.instanceId, this.url);
    this.subscriber.on('message', (_channel: string, pipelineId: string) => this.onAnnouncement(pipelineId));
    await this.subscriber.subscribe(this.channel);
    await this.watch();
    const renewEvery = Math.max(50, Math.floor(this.options.ttlMs / 3));
    // Watching often keeps a takeover close to the lease life; each pass is one MGET.
    const watchEvery = Math.min(1000, Math.max(100, Math.floor(this.options.ttlMs / 6)));
    this.timers.push(setInterval(() => this.renewAll(), renewEvery), setInterval(() => void this.watch(), watchEvery));
  }

  /** Whether this instance may run the pipeline now (it holds a lease still valid by its own clock). */
  holds(pipelineId: string): boolean {
    const entry = this.held.get(pipelineId);
    return entry !== undefined && this.leases.held(entry.lease);
  }

  /**
   * The fencing token of this instance's lease on the pipeline while it still holds it by its
   * own clock; side effects carry it so the database refuses them after a takeover.
   */
  fence(pipelineId: string): number | undefined {
    const entry = this.held.get(pipelineId);
    return entry !== undefined && this.leases.held(entry.lease) ? entry.lease.token : undefined;
  }

  /** Pipelines this instance holds. */
  owned(): string[] {
    return [...this.held.keys()];
  }

  /**
   * True when this instance runs the pipeline: it holds the lease, or took it just now
   * because nobody did (a first deploy). The caller then starts it; otherwise the owner will.
   */
  async claim(pipelineId: string): Promise<boolean> {
    if (this.holds(pipelineId)) return true;
    if (this.closing || this.held.has(pipelineId)) return false;
    const lease = await this.leases.acquire(pipelineId);
    if (!lease) return false;
    this.hold(lease);
    return true;
  }

  /** Tells every instance the pipeline's active version changed: its owner runs the new one. */
  async changed(pipelineId: string): Promise<void> {
    this.refreshDue = true;
    // The change is stored already; without the announcement the owner still finds it on its next re-read of the store.
    await this.redis.publish(this.channel, pipelineId).catch((err: Error) => this.options.log.warn(`pipeline ${pipelineId}: announcing a change failed: ${err.message}`));
  }

  /** Gives a pipeline up (it was deleted or undeployed here). */
  async release(pipelineId: string): Promise<void> {
    const entry = this.held.get(pipelineId);
    if (!entry) return;
    this.forget(pipelineId);
    // Unreleased, the lease simply runs out.
    await this.leases.release(entry.lease).catch(() => undefined);
    await this.changed(pipelineId);
  }

  /** Where the pipeline runs, for routing a call to its owner. */
  async where(pipelineId: string): Promise<Whereabouts> {
    if (this.holds(pipelineId)) return { here: true };
    const owner = await this.leases.owner(pipelineId);
    if (!owner || owner.instanceId === this.instanceId) return undefined;
    return { here: false, instanceId: owner.instanceId, url: await this.registry.urlOf(owner.instanceId) };
  }

  /** True for the first instance ever to ask for `task` on this Redis (seeding an empty database once). */
  async firstTo(task: string): Promise<boolean> {
    return (await this.redis.set(`${this.options.prefix ?? 'showflow:'}once:${task}`, this.instanceId, 'NX')) === 'OK';
  }

  /** Drains: stops each pipeline and releases its lease at once, so others take over before this process exits. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    for (const timer of this.timers) clearInterval(timer);
    for (const [pipelineId, entry] of [...this.held]) {
      this.forget(pipelineId);
      await this.hooks?.stop(pipelineId).catch((err: Error) => this.options.log.warn(`pipeline ${pipelineId}: stopping on drain: ${err.message}`));
      await this.leases.release(entry.lease).catch(() => undefined);
      await this.redis.publish(this.channel, pipelineId).catch(() => undefined);
    }
    await this.registry.withdraw(this.instanceId).catch(() => undefined);
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private onAnnouncement(pipelineId: string): void {
    this.refreshDue = true;
    if (this.held.has(pipelineId)) void this.runHere(pipelineId);
    else void this.watch();
  }

  /** One pass: refresh the deployed list now and then, and take any pipeline whose lease is free. */
  private async watch(): Promise<void> {
    if (!this.hooks || this.closing) return;
    if (this.watching) {
      this.watchAgain = true;
      return;
    }
    this.watching = true;
    try {
      do {
        this.watchAgain = false;
        await this.watchOnce(this.hooks);
      } while (this.watchAgain && !this.closing);
    } catch (err) {
      this.options.log.warn(`placement: watching leases failed: ${(err as Error).message}`);
    } finally {
      this.watching = false;
    }
  }

  private async watchOnce(hooks: PlacementHooks): Promise<void> {
    if (this.refreshDue || performance.now() - this.lastRefresh >= this.options.ttlMs) {
      this.refreshDue = false;
      this.lastRefresh = performance.now();
      this.deployed = await hooks.deployed();
      // Held pipelines whose active version changed (a deploy elsewhere) or that are no longer deployed.
      for (const pipelineId of this.held.keys()) {
        if (this.deployed.get(pipelineId) !== hooks.runningVersion(pipelineId)) void this.runHere(pipelineId);
      }
    }
    const candidates = [...this.deployed.keys()].filter((id) => !this.held.has(id));
    for (const pipelineId of await this.leases.unowned(candidates)) {
      if (this.closing) return;
      const lease = await this.leases.acquire(pipelineId);
      if (!lease) continue;
      this.hold(lease);
      this.options.log.info(`pipeline ${pipelineId}: taken on with lease token ${lease.token}`);
      await this.runHere(pipelineId);
    }
  }

  private async runHere(pipelineId: string): Promise<void> {
    try {
      await this.hooks!.run(pipelineId);
    } catch (err) {
      // The lease is kept: another instance would fail the same way, and the pipeline's owner stays visible.
      this.options.log.error(`SF337 pipeline ${pipelineId}: could not be started here: ${(err as Error).message}`);
    }
    // The lease may have gone while the pipeline was starting.
    if (!this.held.has(pipelineId)) await this.hooks!.stop(pipelineId).catch(() => undefined);
  }

  private renewAll(): void {
    void this.registry.advertise(this.instanceId, this.url).catch(() => undefined);
    for (const [pipelineId, entry] of this.held) {
      this.leases.renew(entry.lease).then(
        (ok) => {
          if (this.held.get(pipelineId) !== entry) return;
          if (ok) this.arm(pipelineId, entry);
          else void this.lose(pipelineId, entry, 'its lease was not renewed: another instance holds it or it expired');
        },
        (err: Error) => {
          if (this.held.get(pipelineId) === entry && !this.leases.held(entry.lease)) void this.lose(pipelineId, entry, `its lease could not be renewed (${err.message})`);
        },
      );
    }
  }

  private hold(lease: Lease): void {
    const entry: Held = { lease };
    this.held.set(lease.pipelineId, entry);
    this.arm(lease.pipelineId, entry);
  }

  /** (Re)sets the clock guard to the moment the lease stops counting as held. */
  private arm(pipelineId: string, entry: Held): void {
    clearTimeout(entry.guard);
    const wait = entry.lease.validUntil - this.options.ttlMs / 5 - performance.now();
    entry.guard = setTimeout(() => {
      if (this.held.get(pipelineId) === entry && !this.leases.held(entry.lease)) void this.lose(pipelineId, entry, 'its lease ran out before a renewal came back');
    }, Math.max(0, wait) + 1);
    entry.guard.unref();
  }

  private async lose(pipelineId: string, entry: Held, why: string): Promise<void> {
    if (this.held.get(pipelineId) !== entry) return;
    this.forget(pipelineId);
    this.options.log.error(`SF336 pipeline ${pipelineId}: ${why}; stopped on this instance`);
    await this.hooks?.stop(pipelineId).catch((err: Error) => this.options.log.error(`pipeline ${pipelineId}: stopping after losing its lease: ${err.message}`));
  }

  private forget(pipelineId: string): void {
    clearTimeout(this.held.get(pipelineId)?.guard);
    this.held.delete(pipelineId);
  }
}
