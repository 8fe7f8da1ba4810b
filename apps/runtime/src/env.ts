import path from 'node:path';
import { z } from 'zod';

const LogLevel = z.enum(['error', 'warn', 'info', 'debug']);
export type LogLevel = z.infer<typeof LogLevel>;

const EnvSchema = z.object({
  SHOWFLOW_PORT: z.coerce.number().int().min(0).max(65535).default(4100),
  SHOWFLOW_HOST: z.string().min(1).default('127.0.0.1'),
  SHOWFLOW_DATA_DIR: z.string().min(1).optional(),
  SHOWFLOW_LOG_LEVEL: LogLevel.default('warn'),
  /** Extra folders of node packages, separated like PATH. */
  SHOWFLOW_NODES_DIR: z.string().optional(),
  /** Host names the runtime answers besides localhost names, comma-separated (show.example.com). */
  SHOWFLOW_PUBLIC_HOSTS: z.string().optional(),
  /** The one folder file sinks may write under; default `<dataDir>/media`. */
  SHOWFLOW_MEDIA_DIR: z.string().min(1).optional(),
  /** PostgreSQL for pipelines and versions, the same setting the orders service reads; unset: files under the data folder. */
  DATABASE_URL: z.string().optional(),
  /** Redis shared by runtime instances (pipeline ownership leases); unset: one instance, nothing shared. */
  REDIS_URL: z.string().optional(),
  /** How other instances reach this one (pipeline calls are redirected here); default http://<host>:<port>. */
  SHOWFLOW_INSTANCE_URL: z.string().optional(),
  /** How long a pipeline lease lives without renewal: the longest a dead instance's pipelines wait for a new one. */
  SHOWFLOW_LEASE_TTL_MS: z.coerce.number().int().min(500).max(60_000).default(3000),
  /** Start of every Redis key this runtime writes, so several studios (or test runs) can share one Redis. */
  SHOWFLOW_REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/).default('showflow:'),
});

export interface RuntimeEnv {
  port: number;
  host: string;
  dataDir: string;
  logLevel: LogLevel;
  /** Node package folders beyond `<dataDir>/nodes`. */
  extraNodesDirs: string[];
  /** Host (and Origin) names served besides localhost, 127.0.0.1 and [::1]; readEnv always sets it. */
  publicHosts?: string[];
  /** Where file sinks write (SHOWFLOW_MEDIA_DIR); they refuse folders outside it. Unset: `<dataDir>/media`. */
  mediaDir?: string;
  /** DATABASE_URL: pipelines and versions on PostgreSQL, shared by every runtime on it. Unset: the embedded file store. */
  databaseUrl?: string;
  /** REDIS_URL: leases that give each running pipeline to exactly one instance (cluster/pipeline-lease.ts). */
  redisUrl?: string;
  /** SHOWFLOW_INSTANCE_URL: this instance as the others redirect pipeline calls to it. */
  instanceUrl?: string;
  /** SHOWFLOW_LEASE_TTL_MS: lease life; a killed owner's pipelines run again elsewhere after about this long. */
  leaseTtlMs?: number;
  /** SHOWFLOW_REDIS_PREFIX: start of the runtime's Redis keys (default `showflow:`). */
  redisPrefix?: string;
}

/**
 * The one place that reads the process environment. Defaults run on a laptop with no
 * services: port 4100 on loopback, data under `.showflow-data` in the working directory.
 */
export function readEnv(source: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): RuntimeEnv {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`invalid environment:\n${lines}`);
  }
  const env = parsed.data;
  return {
    port: env.SHOWFLOW_PORT,
    host: env.SHOWFLOW_HOST,
    dataDir: path.resolve(cwd, env.SHOWFLOW_DATA_DIR ?? '.showflow-data'),
    logLevel: env.SHOWFLOW_LOG_LEVEL,
    extraNodesDirs: (env.SHOWFLOW_NODES_DIR ?? '').split(path.delimiter).filter(Boolean).map((d) => path.resolve(cwd, d)),
    publicHosts: (env.SHOWFLOW_PUBLIC_HOSTS ?? '').split(',').map((h) => h.trim()).filter(Boolean),
    // Left unset by default so `--data-dir` moves the media folder with the data.
    ...(env.SHOWFLOW_MEDIA_DIR ? { mediaDir: path.resolve(cwd, env.SHOWFLOW_MEDIA_DIR) } : {}),
    // Blank counts as unset, as it does for the orders service.
    ...(env.DATABASE_URL?.trim() ? { databaseUrl: env.DATABASE_URL.trim() } : {}),
    ...(env.REDIS_URL?.trim() ? { redisUrl: env.REDIS_URL.trim() } : {}),
    ...(env.SHOWFLOW_INSTANCE_URL?.trim() ? { instanceUrl: env.SHOWFLOW_INSTANCE_URL.trim() } : {}),
    leaseTtlMs: env.SHOWFLOW_LEASE_TTL_MS,
    redisPrefix: env.SHOWFLOW_REDIS_PREFIX,
  };
}
