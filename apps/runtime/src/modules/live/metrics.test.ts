import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createIngestGateway, createViewerHub } from '@showflow/live';
import { LiveRuntime } from './live-runtime.ts';
import { liveMetrics } from './metrics.ts';
import { StreamTokenStore } from './stream-tokens.ts';

/** A video offer as far as admission reads it: the budget refuses before any WebRTC work. */
const VIDEO_OFFER = ['v=0', 'o=- 1 1 IN IP4 127.0.0.1', 's=-', 't=0 0', 'm=video 9 UDP/TLS/RTP/SAVPF 96', 'a=rtpmap:96 VP8/90000', 'a=sendonly', ''].join('\r\n');

it('shows the ingest budget in /metrics: sessions and pixel rate against their limits, offers admitted and refused', async () => {
  const gateway = createIngestGateway({ ingestBudget: { maxSessions: 0, maxPixelRate: 221_184_000 }, onProblem: () => undefined });
  const live = new LiveRuntime(gateway, createViewerHub(), await StreamTokenStore.open(mkdtempSync(path.join(tmpdir(), 'showflow-live-metrics-'))));
  await expect(gateway.openWhipSession('studio', VIDEO_OFFER)).rejects.toMatchObject({ code: 'SF616', status: 503 });
  const text = liveMetrics(live);
  expect(text).toContain('# TYPE showflow_live_ingest_refused_total counter');
  expect(text).toContain('showflow_live_ingest_refused_total{reason="sessions"} 1');
  expect(text).toContain('showflow_live_ingest_refused_total{reason="pixel_rate"} 0');
  expect(text).toContain('showflow_live_ingest_admitted_total 0');
  expect(text).toContain('showflow_live_ingest_sessions 0');
  expect(text).toContain('showflow_live_ingest_sessions_limit 0');
  expect(text).toContain('showflow_live_ingest_pixel_rate 0');
  expect(text).toContain('showflow_live_ingest_pixel_rate_limit 221184000');
  // The refused offer left no stream behind.
  expect(text).not.toContain('stream="studio"');
  await gateway.close();
});
