import type { RedisOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { QueueError } from './queue-error.js';

/**
 * ioredis options for a `redis://[user:password@]host[:port][/db]` (or `rediss://` for TLS) URL, in the form
 * BullMQ takes as `connection`. `maxRetriesPerRequest: null` is what BullMQ needs for its blocking commands:
 * once connected, a lost connection is retried for as long as it takes instead of failing commands.
 */
export function redisOptions(url: string): RedisOptions {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new QueueError(`--queue: expected a URL such as redis://host:6379, got ${JSON.stringify(url)}`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new QueueError(`--queue: expected a redis:// or rediss:// URL, got ${JSON.stringify(url)}`);
  }
  const db = u.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) throw new QueueError(`--queue: the path of ${url} must be a database number, got ${JSON.stringify(db)}`);
  return {
    host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    ...(db ? { db: Number(db) } : {}),
    ...(u.protocol === 'rediss:' ? { tls: {} } : {}),
    maxRetriesPerRequest: null,
  };
}

/** The URL without its password, for messages. */
export const safeUrl = (url: string) => url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');

/**
 * Connects once, without retries, and pings: a Redis that is down, unreachable or refusing our password fails here
 * within `timeoutMs` with a message naming the URL, before anything else is done.
 */
export async function reachRedis(url: string, timeoutMs = 5000): Promise<RedisOptions> {
  const options = redisOptions(url);
  const client = new Redis({ ...options, lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  // connect() rejects with a bare "Connection is closed"; the 'error' event has the cause (ECONNREFUSED, ...).
  let cause: Error | undefined;
  client.on('error', (e: Error) => (cause ??= e));
  const timer = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref());
  try {
    await Promise.race([client.connect().then(() => client.ping()), timer]);
    return options;
  } catch (e) {
    const why = cause ?? (e as Error);
    throw new QueueError(`cannot reach Redis at ${safeUrl(url)}: ${why.message || String(why)}`, { cause: why });
  } finally {
    client.disconnect();
  }
}
