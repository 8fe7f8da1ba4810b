import type { LiveRuntime } from './live-runtime.ts';

type Labels = Record<string, string>;

/** Stream and pipeline ids are validated, but escaping keeps the exposition format safe regardless. */
function labels(values: Labels): string {
  const parts = Object.entries(values).map(([k, v]) => `${k}="${v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}

function family(name: string, type: 'counter' | 'gauge', help: string, samples: { labels: Labels; value: number }[]): string[] {
  return [`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, ...samples.map((s) => `${name}${labels(s.labels)} ${s.value}`)];
}

/** Prometheus lines for live ingest (per stream) and viewing (per pipeline). */
export function liveMetrics(live: LiveRuntime): string {
  const streams = live.streams();
  const perStream = (pick: (s: (typeof streams)[number]) => number) => streams.map((s) => ({ labels: { stream: s.streamId }, value: pick(s) }));
  const pipelines = live.pipelineViewStats();
  const perPipeline = (pick: (p: (typeof pipelines)[number]) => number) => pipelines.map((p) => ({ labels: { pipeline: p.pipelineId }, value: pick(p) }));
  return [
    ...family('showflow_live_frames_received_total', 'counter', 'Frames received from senders, per stream.', perStream((s) => s.counters.received)),
    ...family('showflow_live_frames_rejected_total', 'counter', 'Corrupt or oversized frames refused (SF604, SF605), per stream.', perStream((s) => s.counters.rejected)),
    ...family('showflow_live_frames_dropped_total', 'counter', 'Frames lost before the gateway (sender drops, gaps, undecodable video), per stream.', perStream((s) => s.counters.dropped)),
    ...family('showflow_live_stream_up', 'gauge', '1 while a stream is live, 0 while it shows no signal.', perStream((s) => (s.state === 'live' ? 1 : 0))),
    ...family('showflow_live_stream_senders', 'gauge', 'Sender sessions connected, per stream.', perStream((s) => s.sessions)),
    ...family('showflow_live_viewers', 'gauge', 'Viewers connected, per pipeline.', perPipeline((p) => p.viewers)),
    ...family('showflow_live_frames_published_total', 'counter', 'Frames published to viewers, per pipeline.', perPipeline((p) => p.published)),
    ...family('showflow_live_viewer_frames_dropped_total', 'counter', 'Frame deliveries skipped because a viewer was still busy, per pipeline.', perPipeline((p) => p.dropped)),
  ].join('\n');
}
