import type { Redis } from 'ioredis';
import { ShowflowError } from '@showflow/shared';

/** What an instance advertises about its work, refreshed with its URL. */
export interface InstanceLoad {
  /** Pipelines it holds the lease of. */
  pipelines: number;
  /** Its process's share of the machine's CPU over the last few seconds (0–1); shown, not used to place. */
  cpu: number;
}

/**
 * Where each runtime instance can be reached, next to the pipeline leases: the lease names
 * the owner's instance id, this names its URL, so any instance can redirect a pipeline call
 * to the owner. An entry lives a few lease lives unless refreshed: a dead instance's URL
 * disappears soon after its pipelines are taken over.
 *
 * Its load lives shorter, four fifths of a lease life (decision 0089): it is how
 * instances know who is alive when they share out pipelines, and a killed instance must drop
 * out before its leases run out, or the survivors would leave its pipelines to it.
 */
export class InstanceRegistry {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {}

  async advertise(instanceId: string, url: string, load?: InstanceLoad): Promise<void> {
    const write = this.redis.multi().set(this.key(instanceId), url, 'PX', this.ttlMs * 3);
    if (load) write.set(this.loadKey(instanceId), JSON.stringify(load), 'PX', Math.floor(this.ttlMs * 0.8)).sadd(this.setKey(), instanceId);
    await write.exec();
  }

  async urlOf(instanceId: string): Promise<string | undefined> {
    return (await this.redis.get(this.key(instanceId))) ?? undefined;
  }

  /** Live instances and their load (two round trips); entries of instances gone are cleared on the way. */
  async live(): Promise<Map<string, InstanceLoad>> {
    const ids = await this.redis.smembers(this.setKey());
    const live = new Map<string, InstanceLoad>();
    if (ids.length === 0) return live;
    const values = await this.redis.mget(ids.map((id) => this.loadKey(id)));
    const gone: string[] = [];
    ids.forEach((id, i) => {
      const value = values[i];
      if (value === null) gone.push(id);
      else live.set(id, JSON.parse(value) as InstanceLoad);
    });
    // An instance refreshing at this very moment adds itself back on its next advertisement.
    if (gone.length) await this.redis.srem(this.setKey(), ...gone);
    return live;
  }

  /** Stops counting as alive (draining): the others no longer leave pipelines to it. The URL stays for routing. */
  async retire(instanceId: string): Promise<void> {
    await this.redis.multi().del(this.loadKey(instanceId)).srem(this.setKey(), instanceId).exec();
  }

  async withdraw(instanceId: string): Promise<void> {
    await this.redis.multi().del(this.key(instanceId), this.loadKey(instanceId)).srem(this.setKey(), instanceId).exec();
  }

  private key(instanceId: string): string {
    return `${this.prefix}instance:${instanceId}`;
  }

  private loadKey(instanceId: string): string {
    return `${this.prefix}instance-load:${instanceId}`;
  }

  private setKey(): string {
    return `${this.prefix}instances`;
  }
}

/** The URL other instances redirect to: absolute http(s), no trailing slash (SF338 otherwise). */
export function instanceUrlOf(configured: string | undefined, host: string, port: number): string {
  if (configured === undefined) {
    // 0.0.0.0 and :: listen everywhere but are not addresses another machine can call back.
    const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
    return `http://${shown}:${port}`;
  }
  let url: URL;
  try {
    url = new URL(configured);
  } catch {
    throw new ShowflowError('SF338', `SHOWFLOW_INSTANCE_URL "${configured}" is not a URL`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username) {
    throw new ShowflowError('SF338', `SHOWFLOW_INSTANCE_URL "${configured}" must be a plain http(s) URL without query, fragment or credentials`);
  }
  return url.href.replace(/\/+$/, '');
}
