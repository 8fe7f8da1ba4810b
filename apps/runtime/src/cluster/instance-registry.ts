import type { Redis } from 'ioredis';
import { ShowflowError } from '@showflow/shared';

/**
 * Where each runtime instance can be reached, next to the pipeline leases: the lease names
 * the owner's instance id, this names its URL, so any instance can redirect a pipeline call
 * to the owner. An entry lives a few lease lives unless refreshed: a dead instance's URL
 * disappears soon after its pipelines are taken over.
 */
export class InstanceRegistry {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {}

  async advertise(instanceId: string, url: string): Promise<void> {
    await this.redis.set(this.key(instanceId), url, 'PX', this.ttlMs * 3);
  }

  async urlOf(instanceId: string): Promise<string | undefined> {
    return (await this.redis.get(this.key(instanceId))) ?? undefined;
  }

  async withdraw(instanceId: string): Promise<void> {
    await this.redis.del(this.key(instanceId));
  }

  private key(instanceId: string): string {
    return `${this.prefix}instance:${instanceId}`;
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
