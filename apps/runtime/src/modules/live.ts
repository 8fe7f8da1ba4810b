import path from 'node:path';
import { createIngestGateway, createLiveHandler, createLiveUpgradeHandler, createViewerHub, LIVE_SERVICE, liveNodes } from '@showflow/live';
import type { RuntimeEnv } from '../env.ts';
import type { Logger } from '../log.ts';
import type { RuntimeModuleFactory } from './module.ts';
import { readLiveEnv } from './live/env.ts';
import { LiveRuntime } from './live/live-runtime.ts';
import { liveMetrics } from './live/metrics.ts';
import { StreamTokenStore } from './live/stream-tokens.ts';

/**
 * Live capture and viewing in the runtime: WHIP ingest (`/live/whip/...`, WebSocket
 * fallback `/live/ws/...`), WHEP viewing (`/live/whep/<pipelineId>`), the `live` service
 * the capture and viewer-output nodes use, and per-stream / per-pipeline metrics. Stream
 * tokens are kept hashed under `<data dir>/live`, or in the shared database when
 * DATABASE_URL is set.
 */
export function createLiveModule(source: Record<string, string | undefined> = process.env): RuntimeModuleFactory {
  return {
    name: 'live',
    nodes: liveNodes,
    async open(env: RuntimeEnv, log: Logger) {
      const settings = readLiveEnv(source);
      const liveLog = log.child('live');
      const local = await StreamTokenStore.open(path.join(env.dataDir, 'live'));
      // Several instances on one database check senders against the same tokens (decision 0084).
      const shared = env.databaseUrl ? await openSharedStreamTokens(env.databaseUrl, local) : undefined;
      const gateway = createIngestGateway({
        ...(shared ? { shared } : {}),
        maxSessionsPerStream: settings.maxSendersPerStream,
        ingestBudget: settings.ingestBudget,
        ice: { additionalHostAddresses: settings.iceHostAddresses },
        ffmpegPath: settings.ffmpegPath,
        // Idle senders and decoder restarts are routine on a live edge; not warnings.
        onProblem: (message) => liveLog.info(message),
      });
      const viewers = createViewerHub({ maxViewersPerPipeline: settings.maxViewersPerPipeline, ice: { additionalHostAddresses: settings.iceHostAddresses } });
      const live = new LiveRuntime(gateway, viewers, shared ?? local, shared);
      return {
        name: 'live',
        services: { [LIVE_SERVICE]: live },
        http: createLiveHandler(gateway, { viewers }),
        upgrade: createLiveUpgradeHandler(gateway),
        metrics: () => liveMetrics(live),
        close: async () => {
          await gateway.close();
          await viewers.close();
          await shared?.close();
        },
      };
    },
  };
}

export const liveModule = createLiveModule();

/** Tokens on PostgreSQL, taking over the streams this instance made while it ran alone. */
async function openSharedStreamTokens(databaseUrl: string, local: StreamTokenStore) {
  // Loaded only when used, as the other PostgreSQL stores.
  const { PostgresStreamTokens } = await import('../store/postgres/postgres-stream-tokens.ts');
  const shared = await PostgresStreamTokens.open({ connectionString: databaseUrl });
  await shared.adopt(local.entries());
  return shared;
}
