import { randomBytes } from 'node:crypto';
import { availableParallelism, hostname } from 'node:os';
import type { Redis } from 'ioredis';
import { ShowflowError } from '@showflow/shared';
import type { Logger } from '../log.ts';
import { InstanceRegistry, type InstanceLoad } from './instance-registry.ts';
import { excess, pipelinesToTake, type PlacementView } from './placement-choice.ts';
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

/** How long a deploy waits for another instance to report the pipeline running before it answers anyway. */
const RUNNING_WAIT_MS = 30_000;

/**
 * Which instance runs each deployed pipeline (decisions 0072, 0089). Every instance watches
 * the deployed pipelines; one whose lease nobody holds is taken by the least loaded live
 * instance (or by anyone once it has been free a lease life), which then runs its active
 * version from the shared store. The owner renews every third
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
  /** When each deployed pipeline was first seen free by this instance, for the grace after which anyone takes it. */
  private readonly freeSince = new Map<string, number>();
  /** The last time a pipeline was handed on to even out the load. */
  private lastShed = 0;
  /** The last time the live instances were counted to check the balance while nothing was free. */
  private lastBalanceCheck = 0;
  private cpuMark = { usage: process.cpuUsage(), at: performance.now() };

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
    await this.registry.advertise(this.instanceId, this.url, this.load());
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
    // Taken here only if this instance is the one the placement pass would choose; otherwise
    // the chosen instance takes it on the announcement that follows the deploy.
    // The store's list, not the watch's copy (re-read a lease life apart): a deploy just before
    // this one must count, or deploys in a row through one instance would all land on it.
    const deployed = this.hooks ? await this.hooks.deployed() : this.deployed;
    const view = await this.view([...new Set([...deployed.keys(), pipelineId])], true);
    view.freeSince.set(pipelineId, view.now);
    if (!pipelinesToTake(view).includes(pipelineId)) return false;
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

  /**
   * Waits until the instance holding the pipeline reports it running `version` (it writes the
   * report with its lease's token after each run, so an older owner's report never counts).
   * False when no report came within the wait: the placement keeps trying, the caller answers.
   */
  async running(pipelineId: string, version: number, timeoutMs = RUNNING_WAIT_MS): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    while (!this.closing) {
      const [owner, report] = await Promise.all([this.leases.owner(pipelineId), this.redis.get(this.runsKey(pipelineId))]);
      if (owner && report === `${owner.token}:${version}`) return true;
      // The owner tried this version and could not start it: the caller hears why, as it would from a start here.
      const failed = owner && report?.startsWith(`${owner.token}:${version}:failed:`) ? report.slice(`${owner.token}:${version}:failed:`.length) : undefined;
      if (failed !== undefined) throw new ShowflowError('SF337', `pipeline ${pipelineId}: version ${version} could not be started on instance ${owner!.instanceId}: ${failed}`);
      if (performance.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    this.options.log.warn(`pipeline ${pipelineId}: no instance reported running version ${version} within ${timeoutMs} ms; it is still being placed`);
    return false;
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
    // No longer counted as alive: the others share out what is released below among themselves.
    await this.registry.retire(this.instanceId).catch(() => undefined);
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
    const view = await this.view([...this.deployed.keys()], false);
    if (!view) return;
    for (const pipelineId of pipelinesToTake(view)) {
      if (this.closing) return;
      const lease = await this.leases.acquire(pipelineId);
      if (!lease) continue;
      this.hold(lease);
      this.freeSince.delete(pipelineId);
      this.options.log.info(`pipeline ${pipelineId}: taken on with lease token ${lease.token}`);
      await this.runHere(pipelineId);
    }
    if ([...view.owners.values()].every((owner) => owner !== undefined)) await this.shedExcess(view);
  }

  /**
   * Who holds each pipeline, which instances are alive, and since when the free ones are free.
   * Live instances cost two more round trips, so a pass asks for them only when there is
   * something to share out (or to check the balance, once a lease life); `always` asks anyway.
   */
  private async view(pipelineIds: string[], always: true): Promise<PlacementView>;
  private async view(pipelineIds: string[], always: false): Promise<PlacementView | undefined>;
  private async view(pipelineIds: string[], always: boolean): Promise<PlacementView | undefined> {
    const now = performance.now();
    const owners = new Map<string, string | undefined>();
    for (const [id, owner] of await this.leases.owners(pipelineIds)) {
      owners.set(id, owner?.instanceId);
      if (owner) this.freeSince.delete(id);
      else if (!this.freeSince.has(id)) this.freeSince.set(id, now);
    }
    for (const id of this.freeSince.keys()) if (!owners.has(id)) this.freeSince.delete(id);
    const anyFree = [...owners.values()].some((owner) => owner === undefined);
    const balanceDue = now - this.lastBalanceCheck >= this.options.ttlMs;
    if (!always && !anyFree && !balanceDue) return undefined;
    if (!anyFree) this.lastBalanceCheck = now;
    const live = await this.registry.live();
    return { me: this.instanceId, live: [...live.keys()], owners, freeSince: new Map(this.freeSince), now, graceMs: this.options.ttlMs };
  }

  /**
   * Hands one pipeline on when this instance holds clearly more than its share (an instance
   * joined): stopped here, released and announced as on a drain, so the least loaded instance
   * takes it. One per lease life, so the load is re-read between moves.
   */
  private async shedExcess(view: PlacementView): Promise<void> {
    if (excess(view) === 0 || performance.now() - this.lastShed < this.options.ttlMs || this.closing) return;
    const pipelineId = [...this.held.keys()].sort().at(-1);
    const entry = pipelineId === undefined ? undefined : this.held.get(pipelineId);
    if (!pipelineId || !entry) return;
    this.lastShed = performance.now();
    this.options.log.info(`pipeline ${pipelineId}: handed on to even out the load (${excess(view)} above this instance's share)`);
    this.forget(pipelineId);
    await this.hooks?.stop(pipelineId).catch((err: Error) => this.options.log.warn(`pipeline ${pipelineId}: stopping to hand it on: ${err.message}`));
    await this.leases.release(entry.lease).catch(() => undefined);
    await this.redis.publish(this.channel, pipelineId).catch(() => undefined);
  }

  private async runHere(pipelineId: string): Promise<void> {
    let failure: string | undefined;
    try {
      await this.hooks!.run(pipelineId);
    } catch (err) {
      // The lease is kept: another instance would fail the same way, and the pipeline's owner stays visible.
      failure = (err as Error).message;
      this.options.log.error(`SF337 pipeline ${pipelineId}: could not be started here: ${failure}`);
    }
    // The lease may have gone while the pipeline was starting.
    const entry = this.held.get(pipelineId);
    if (!entry) {
      await this.hooks!.stop(pipelineId).catch(() => undefined);
      return;
    }
    // Reported for a deploy made on another instance, which waits for it (`running`): the
    // version that runs, or the version that would not start and why.
    const version = failure === undefined ? this.hooks!.runningVersion(pipelineId) : (await this.hooks!.deployed().catch(() => undefined))?.get(pipelineId);
    if (version === undefined) return;
    const report = failure === undefined ? `${entry.lease.token}:${version}` : `${entry.lease.token}:${version}:failed:${failure.slice(0, 500)}`;
    await this.redis.set(this.runsKey(pipelineId), report, 'PX', Math.max(60_000, this.options.ttlMs * 3)).catch(() => undefined);
  }

  /** What this instance advertises: pipelines held, and its process's CPU share since the last advertisement. */
  private load(): InstanceLoad {
    const usage = process.cpuUsage();
    const at = performance.now();
    const busyMs = (usage.user - this.cpuMark.usage.user + usage.system - this.cpuMark.usage.system) / 1000;
    const cpu = at > this.cpuMark.at ? busyMs / (at - this.cpuMark.at) / availableParallelism() : 0;
    this.cpuMark = { usage, at };
    return { pipelines: this.held.size, cpu: Math.round(Math.min(1, Math.max(0, cpu)) * 1000) / 1000 };
  }

  private runsKey(pipelineId: string): string {
    return `${this.options.prefix ?? 'showflow:'}runs:${pipelineId}`;
  }

  private renewAll(): void {
    if (!this.closing) void this.registry.advertise(this.instanceId, this.url, this.load()).catch(() => undefined);
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
