import type { LiveRuntime } from './live-runtime.ts';
import { metricFamily } from '../../metrics/prometheus.ts';

/** Prometheus lines for live ingest (per stream) and viewing (per pipeline). */
export function liveMetrics(live: LiveRuntime): string {
  const streams = live.streams();
  const perStream = (pick: (s: (typeof streams)[number]) => number) => streams.map((s) => ({ labels: { stream: s.streamId }, value: pick(s) }));
  const pipelines = live.pipelineViewStats();
  const perPipeline = (pick: (p: (typeof pipelines)[number]) => number) => pipelines.map((p) => ({ labels: { pipeline: p.pipelineId }, value: pick(p) }));
  const admission = live.gateway.admission();
  const one = (value: number) => [{ labels: {}, value }];
  const refused = Object.entries(admission.refused).map(([reason, value]) => ({ labels: { reason }, value }));
  return [
    ...metricFamily('showflow_live_frames_received_total', 'counter', 'Frames received from senders, per stream.', perStream((s) => s.counters.received)),
    ...metricFamily('showflow_live_frames_rejected_total', 'counter', 'Corrupt or oversized frames refused (SF604, SF605), per stream.', perStream((s) => s.counters.rejected)),
    ...metricFamily('showflow_live_frames_dropped_total', 'counter', 'Frames lost before the gateway (sender drops, gaps, undecodable video), per stream.', perStream((s) => s.counters.dropped)),
    ...metricFamily('showflow_live_stream_up', 'gauge', '1 while a stream is live, 0 while it shows no signal.', perStream((s) => (s.state === 'live' ? 1 : 0))),
    ...metricFamily('showflow_live_stream_senders', 'gauge', 'Sender sessions connected, per stream.', perStream((s) => s.sessions)),
    ...metricFamily('showflow_live_ingest_sessions', 'gauge', 'Sessions decoding video now, runtime-wide (the ingest budget counts these).', one(admission.sessions)),
    ...metricFamily('showflow_live_ingest_sessions_limit', 'gauge', 'Video ingest sessions the budget admits at once.', one(admission.maxSessions)),
    ...metricFamily('showflow_live_ingest_pixel_rate', 'gauge', 'Decoded video pixels per second over the last 2 s, all sessions.', one(Math.round(admission.pixelRate))),
    ...metricFamily('showflow_live_ingest_pixel_rate_limit', 'gauge', 'Decoded pixels per second at which new video senders are refused.', one(admission.maxPixelRate)),
    ...metricFamily('showflow_live_ingest_admitted_total', 'counter', 'Video sender offers admitted by the ingest budget.', one(admission.admitted)),
    ...metricFamily('showflow_live_ingest_refused_total', 'counter', 'Video sender offers refused for capacity (SF616), by the limit reached.', refused),
    ...metricFamily('showflow_live_viewers', 'gauge', 'Viewers connected, per pipeline.', perPipeline((p) => p.viewers)),
    ...metricFamily('showflow_live_frames_published_total', 'counter', 'Frames published to viewers, per pipeline.', perPipeline((p) => p.published)),
    ...metricFamily('showflow_live_viewer_frames_dropped_total', 'counter', 'Frame deliveries skipped because a viewer was still busy, per pipeline.', perPipeline((p) => p.dropped)),
  ].join('\n');
}
