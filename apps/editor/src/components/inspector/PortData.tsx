'use client';

import { useEffect, useRef, useState } from 'react';
import type { NodeSpec } from '@showflow/shared';
import type { MetricsStore } from '../../state/metrics-store.ts';
import { ReadoutSeries } from '../../state/readout-series.ts';
import { TapFrames, TapLog, TapNumbers } from './port-data/TapViews.tsx';
import { usePortTap, type TapPort, type TapSample } from './port-data/usePortTap.ts';

// Redrawn at most this often, however fast the node reports.
const REDRAW_MS = 500;
const W = 260;
const H = 48;

/**
 * What the node's outputs carry, read from the runtime's tap on each port while the
 * inspector is open: numbers (a probe's dB, a meter's LUFS) as a sparkline, events and text
 * as a log of their JSON, frames by number, size and age (the picture is in the preview).
 * Until the tap has something for a port (just opened, a pipeline not running here), the
 * node's status line stands in for it.
 */
export function PortData({ store, pipelineId, nodeId, spec }: { store: MetricsStore; pipelineId: string; nodeId: string; spec: NodeSpec }) {
  const tap = usePortTap(pipelineId, nodeId);
  const series = useRef(new ReadoutSeries()).current;
  const [, setTick] = useState(0);
  useEffect(() => {
    let changed = false;
    const take = () => {
      const m = store.node(nodeId);
      if (m && series.add(m.status.text, Date.now())) changed = true;
    };
    take();
    const unsubscribe = store.subscribe(`node:${nodeId}`, take);
    const timer = setInterval(() => {
      if (changed) setTick((t) => t + 1);
      changed = false;
    }, REDRAW_MS);
    return () => {
      unsubscribe();
      clearInterval(timer);
    };
  }, [store, nodeId, series]);

  if (!spec.outputs.length) return <p className="sf-muted">This node sends nothing on; it ends its branch.</p>;
  return (
    <div className="sf-port-data" data-testid="port-data">
      {spec.outputs.map((p) => (
        <section key={p.id} data-testid={`port-data-${p.id}`}>
          <h4>
            {p.label ?? p.id} <em>{p.type}</em>
          </h4>
          {tapped(tap?.ports.find((t) => t.id === p.id), tap?.now ?? 0, p.label ?? series.unit) ?? (p.type === 'number' ? (
            <NumberSpark series={series} unit={p.label ?? series.unit} />
          ) : p.type === 'event' || p.type === 'text' ? (
            <Log series={series} />
          ) : (
            <p className="sf-muted">{p.type === 'audio' ? 'Levels show on the node.' : 'Frames: see the preview below.'}</p>
          ))}
        </section>
      ))}
    </div>
  );
}

/** The tap's view of one port, or null when it has nothing to show for it yet. */
function tapped(port: TapPort | undefined, now: number, unit: string) {
  if (!port?.samples.length) return null;
  const numbers = port.samples.filter((s): s is Extract<TapSample, { kind: 'number' }> => s.kind === 'number');
  const values = port.samples.filter((s): s is Extract<TapSample, { kind: 'value' }> => s.kind === 'value');
  const frames = port.samples.filter((s): s is Extract<TapSample, { kind: 'frame' }> => s.kind === 'frame');
  if (port.type === 'number' && numbers.length) return <TapNumbers samples={numbers} unit={unit} />;
  if (port.type === 'audio') return null;
  if (frames.length) return <TapFrames samples={frames} now={now} sent={port.sent} />;
  if (values.length || numbers.length) {
    // A number on a non-number port (an amount on an event port) is logged as its JSON.
    const log = port.samples.flatMap((s) => (s.kind === 'value' ? [s] : s.kind === 'number' ? [{ ...s, kind: 'value' as const, text: String(s.value), truncated: false }] : []));
    return <TapLog samples={log} now={now} />;
  }
  return null;
}

/** The status line's leading numbers, when the tap has none. */
function NumberSpark({ series, unit }: { series: ReadoutSeries; unit: string }) {
  const points = series.points;
  if (!points.length) return <p className="sf-muted">Waiting for a value…</p>;
  const last = points[points.length - 1];
  const values = points.map((p) => p.value);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = hi - lo || 1;
  const x = (i: number) => (points.length === 1 ? W : (i / (points.length - 1)) * W);
  const y = (v: number) => H - 4 - ((v - lo) / span) * (H - 8);
  return (
    <figure className="sf-sparkline">
      <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label={`latest ${last.value} ${unit}`}>
        <polyline points={points.map((p, i) => `${x(i).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ')} className="sf-spark-p50" />
      </svg>
      <figcaption>
        <strong data-testid="port-value">
          {last.value} {unit}
        </strong>{' '}
        · range {lo}–{hi} over the last {points.length}
      </figcaption>
    </figure>
  );
}

/** Status lines, when the tap has nothing. */
function Log({ series }: { series: ReadoutSeries }) {
  if (!series.entries.length) return <p className="sf-muted">Nothing yet.</p>;
  return (
    <ol className="sf-port-log" data-testid="port-log">
      {series.entries.map((e) => (
        <li key={`${e.at}-${e.text}`}>
          <time>{new Date(e.at).toLocaleTimeString()}</time> {e.text}
        </li>
      ))}
    </ol>
  );
}
