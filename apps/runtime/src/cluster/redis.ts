import { Redis } from 'ioredis';
import { ShowflowError } from '@showflow/shared';

/**
 * A Redis connection for REDIS_URL. Connects before returning, so a wrong address fails at
 * start with SF332 instead of on the first lease; afterwards ioredis reconnects by itself and
 * commands issued meanwhile fail fast rather than queue (a lease renewal that waits is worse
 * than one that fails).
 */
export async function openRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 5000 });
  // Without a listener a dropped connection is an unhandled 'error' event.
  redis.on('error', () => {});
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    throw new ShowflowError('SF332', `Redis at ${redact(url)} cannot be reached: ${(err as Error).message}`);
  }
  return redis;
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}
