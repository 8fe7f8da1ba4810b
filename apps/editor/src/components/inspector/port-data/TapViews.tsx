'use client';

import type { TapSample } from './usePortTap.ts';

const W = 260;
const H = 48;

type NumberSample = Extract<TapSample, { kind: 'number' }>;
type ValueSample = Extract<TapSample, { kind: 'value' }>;
type FrameSample = Extract<TapSample, { kind: 'frame' }>;

/** Numbers the port sent, as a sparkline with the latest value. */
export function TapNumbers({ samples, unit }: { samples: NumberSample[]; unit: string }) {
  const last = samples[samples.length - 1];
  const values = samples.map((s) => s.value);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = hi - lo || 1;
  const x = (i: number) => (samples.length === 1 ? W : (i / (samples.length - 1)) * W);
  const y = (v: number) => H - 4 - ((v - lo) / span) * (H - 8);
  return (
    <figure className="sf-sparkline" data-source="tap">
      <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label={`latest ${format(last.value)} ${unit}`}>
        <polyline points={samples.map((s, i) => `${x(i).toFixed(1)},${y(s.value).toFixed(1)}`).join(' ')} className="sf-spark-p50" />
      </svg>
      <figcaption>
        <strong data-testid="port-value">
          {format(last.value)} {unit}
        </strong>{' '}
        · range {format(lo)}–{format(hi)} over the last {samples.length}
      </figcaption>
    </figure>
  );
}

/** Events and text the port sent, newest first, as the short JSON the runtime kept. */
export function TapLog({ samples, now }: { samples: ValueSample[]; now: number }) {
  return (
    <ol className="sf-port-log" data-testid="port-log" data-source="tap">
      {[...samples].reverse().map((s) => (
        <li key={s.n}>
          <time title={new Date(s.at).toLocaleTimeString()}>{age(now - s.at)}</time> <code>{s.text}</code>
          {s.truncated && '…'}
        </li>
      ))}
    </ol>
  );
}

/** The newest frame the port sent, by number, size and age; the picture is in the preview. */
export function TapFrames({ samples, now, sent }: { samples: FrameSample[]; now: number; sent: number }) {
  const last = samples[samples.length - 1];
  const span = samples.length > 1 ? (last.at - samples[0].at) / 1000 : 0;
  const fps = span > 0 ? (samples.length - 1) / span : 0;
  return (
    <p className="sf-port-frames" data-testid="port-frames" data-source="tap">
      frame #{last.seq} {last.width}×{last.height}, {age(now - last.captureTs)} old · {kib(last.bytes)}
      {fps > 0 && ` · ${fps.toFixed(0)} fps`} · {sent} since opened
    </p>
  );
}

const format = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));
const kib = (bytes: number) => (bytes >= 1024 ? `${(bytes / 1024).toFixed(0)} KiB` : `${bytes} B`);

function age(ms: number): string {
  const v = Math.max(0, ms);
  if (v < 1000) return `${v.toFixed(0)} ms`;
  if (v < 60_000) return `${(v / 1000).toFixed(1)} s`;
  return `${Math.floor(v / 60_000)} min`;
}
