import type { Redis } from 'ioredis';
import { ShowflowError } from '@showflow/shared';

export interface Lease {
  pipelineId: string;
  /** Grows by one with every acquisition of this pipeline, by anyone: later owners have larger tokens. */
  token: number;
  /** When this instance must consider the lease lost if it has not renewed (performance.now() time). */
  validUntil: number;
}

export interface PipelineLeasesOptions {
  /** This instance, as other instances see it (an address they can route to). */
  instanceId: string;
  /** How long a lease lives without renewal; an instance that dies is replaced after at most this long. */
  ttlMs: number;
  /** Keys start with this; default `showflow:`. */
  prefix?: string;
}

// SET NX PX takes the lease only if nobody holds it; INCR in the same script gives the
// fencing token, so a token is never handed out without its lease.
const ACQUIRE = `
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then return false end
local token = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. '#' .. token, 'PX', ARGV[2])
return token`;

const RENEW = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('PEXPIRE', KEYS[1], ARGV[2])`;

const RELEASE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])`;

// A write under a lease: refused when a newer token has written (or holds the lease), so an
// owner that was paused past its lease and wakes up can never write over its successor.
const FENCED_RPUSH = `
local seen = tonumber(redis.call('GET', KEYS[2]) or '0')
local token = tonumber(ARGV[1])
if token < seen then return -1 end
local holder = redis.call('GET', KEYS[3])
if holder and tonumber(string.match(holder, '#(%d+)$')) > token then return -1 end
redis.call('SET', KEYS[2], token)
return redis.call('RPUSH', KEYS[1], ARGV[2])`;

/**
 * Ownership of running pipelines across runtime instances: each pipeline is run by exactly
 * one instance, the holder of its lease in Redis. Leases expire unless renewed, so the
 * pipelines of an instance that dies are free again after `ttlMs`. Each acquisition carries
 * a fencing token; writes that must never come from a stale owner go through `fencedPush`
 * (or compare the token the same way).
 *
 * The holder also stops by its own clock: a lease not renewed by `validUntil` is treated as
 * lost even if Redis cannot be asked, since another instance may already own it.
 */
export class PipelineLeases {
  private readonly prefix: string;

  constructor(
    private readonly redis: Redis,
    private readonly options: PipelineLeasesOptions,
  ) {
    if (!(options.ttlMs >= 100)) throw new Error('lease ttlMs must be at least 100 ms');
    this.prefix = options.prefix ?? 'showflow:';
  }

  /** Takes the pipeline's lease if free; undefined when another instance holds it. */
  async acquire(pipelineId: string): Promise<Lease | undefined> {
    const started = performance.now();
    const token = (await this.redis.eval(ACQUIRE, 2, this.leaseKey(pipelineId), this.fenceKey(pipelineId), this.options.instanceId, this.options.ttlMs)) as number | null;
    if (token === null) return undefined;
    return { pipelineId, token, validUntil: started + this.options.ttlMs };
  }

  /** Extends the lease; false (and the lease is lost) when it expired or someone else holds it. */
  async renew(lease: Lease): Promise<boolean> {
    if (!this.held(lease)) return false;
    const started = performance.now();
    const ok = (await this.redis.eval(RENEW, 1, this.leaseKey(lease.pipelineId), this.holder(lease), this.options.ttlMs)) === 1;
    if (ok) lease.validUntil = started + this.options.ttlMs;
    else lease.validUntil = 0;
    return ok;
  }

  /** Gives the pipeline up at once (draining on shutdown), if this lease still holds it. */
  async release(lease: Lease): Promise<void> {
    lease.validUntil = 0;
    await this.redis.eval(RELEASE, 1, this.leaseKey(lease.pipelineId), this.holder(lease));
  }

  /** Which instance runs the pipeline now (to route a call to it), or undefined. */
  async owner(pipelineId: string): Promise<{ instanceId: string; token: number } | undefined> {
    return holderOf(await this.redis.get(this.leaseKey(pipelineId)));
  }

  /** Who holds each of these pipelines' leases right now, undefined when free (one round trip). */
  async owners(pipelineIds: string[]): Promise<Map<string, { instanceId: string; token: number } | undefined>> {
    const owners = new Map<string, { instanceId: string; token: number } | undefined>();
    if (pipelineIds.length === 0) return owners;
    const values = await this.redis.mget(pipelineIds.map((id) => this.leaseKey(id)));
    pipelineIds.forEach((id, i) => owners.set(id, holderOf(values[i])));
    return owners;
  }

  /** Of these pipelines, those whose lease nobody holds right now (one round trip). */
  async unowned(pipelineIds: string[]): Promise<string[]> {
    if (pipelineIds.length === 0) return [];
    const values = await this.redis.mget(pipelineIds.map((id) => this.leaseKey(id)));
    return pipelineIds.filter((_, i) => values[i] === null);
  }

  /**
   * Whether this instance may still act for the pipeline by its own clock. A fifth of the
   * lease is kept in hand: clocks run at slightly different rates, and work started just
   * before the end must finish before another instance may start.
   */
  held(lease: Lease): boolean {
    return performance.now() < lease.validUntil - this.options.ttlMs / 5;
  }

  /**
   * Appends `value` to the list `key` only if no newer owner of the pipeline has written or
   * holds it; refuses with SF333 otherwise.
   */
  async fencedPush(lease: Lease, key: string, value: string): Promise<void> {
    const result = (await this.redis.eval(
      FENCED_RPUSH,
      3,
      `${this.prefix}${key}`,
      `${this.prefix}fence-seen:${lease.pipelineId}:${key}`,
      this.leaseKey(lease.pipelineId),
      lease.token,
      value,
    )) as number;
    if (result < 0) throw new ShowflowError('SF333', `pipeline ${lease.pipelineId}: write with fencing token ${lease.token} refused, a newer owner has taken over`);
  }

  private holder(lease: Lease): string {
    return `${this.options.instanceId}#${lease.token}`;
  }

  private leaseKey(pipelineId: string): string {
    return `${this.prefix}lease:${pipelineId}`;
  }

  private fenceKey(pipelineId: string): string {
    return `${this.prefix}fence:${pipelineId}`;
  }
}

function holderOf(value: string | null): { instanceId: string; token: number } | undefined {
  const match = value && /^(.*)#(\d+)$/.exec(value);
  return match ? { instanceId: match[1], token: Number(match[2]) } : undefined;
}
