'use client';

import { useEffect, useMemo, useState } from 'react';
import { flushSync } from 'react-dom';
import { ReactFlowProvider, useNodesInitialized, useReactFlow } from '@xyflow/react';
import { select } from '../../state/commands/index.ts';
import { contextFromSpecs } from '../../state/editor-state.ts';
import { EditorStore } from '../../state/editor-store.ts';
import { MetricsStore } from '../../state/metrics-store.ts';
import { Canvas } from '../canvas/Canvas.tsx';
import { EditorContextProvider, type EditorContextValue } from '../editor/EditorContext.tsx';
import { syntheticDocument, syntheticMetrics, syntheticSpecs } from './synthetic.ts';
import { syntheticFrames } from './synthetic-frames.ts';

/** What the benchmark reads from the page. */
export interface PerfProbe {
  readyMs: number | null;
  /** Pushes `count` updates, one per frame; resolves with each update's main-thread cost in ms. */
  runUpdates(count: number): Promise<number[]>;
  /** Baseline: toggles select-all, which re-renders every node, as metrics in node data would. */
  runFullRenders(count: number): Promise<number[]>;
  /** Zooms around the viewport centre; resolves after the canvas has re-rendered. */
  zoomTo(zoom: number): Promise<void>;
  /** With `?thumbnails=1`: pictures asked for so far, thumbnail boxes on screen, and those showing a picture. */
  thumbnails(): { requests: number; onScreen: number; showing: number };
}

declare global {
  interface Window {
    __showflowPerf?: PerfProbe;
  }
}

/**
 * The real canvas on a synthetic graph, with hooks for measuring first render and metrics
 * updates. `?thumbnails=1` runs it as a running show: every node shows a live thumbnail fed
 * by synthetic JPEGs through the canvas's real scheduler.
 */
export function PerfHarness() {
  const [setup] = useState(() => {
    const doc = syntheticDocument(300);
    const commandContext = contextFromSpecs(syntheticSpecs);
    const frames = typeof location !== 'undefined' && new URLSearchParams(location.search).has('thumbnails') ? syntheticFrames() : null;
    return { doc, commandContext, store: new EditorStore(doc, commandContext), metrics: new MetricsStore(), frames };
  });
  // The scheduler asks only nodes the running pipeline has, as the metrics say.
  useEffect(() => {
    if (setup.frames) setup.metrics.push(syntheticMetrics(setup.doc, 0));
  }, [setup]);
  const thumbnails = useMemo(() => (setup.frames ? { running: true, source: setup.frames.source } : undefined), [setup]);
  const context: EditorContextValue = useMemo(
    () => ({ pipelineId: 'perf', specs: syntheticSpecs, problemNodes: new Set(), notify: () => {}, commandContext: setup.commandContext, store: setup.store, metrics: setup.metrics }),
    [setup],
  );
  const [probe] = useState<PerfProbe>(() => ({
    readyMs: null,
    runUpdates: (count) =>
      measure(
        count,
        (i) => syntheticMetrics(setup.doc, i),
        (update) => setup.metrics.push(update),
      ),
    runFullRenders: (count) =>
      measure(
        count,
        (i) => (i % 2 ? {} : { nodes: setup.doc.nodes.map((n) => n.id) }),
        (selection) => setup.store.run(select, selection),
      ),
    zoomTo: async () => {}, // replaced once the canvas is up
    thumbnails: () => ({
      requests: setup.frames?.requests() ?? 0,
      onScreen: thumbnailBoxesOnScreen(),
      showing: document.querySelectorAll('.sf-thumb img:not([hidden])').length,
    }),
  }));
  useEffect(() => {
    window.__showflowPerf = probe;
  }, [probe]);

  return (
    <EditorContextProvider value={context}>
      <ReactFlowProvider>
        <div className="sf-perf" data-testid="perf">
          <Canvas thumbnails={thumbnails} />
          <Ready probe={probe} />
        </div>
      </ReactFlowProvider>
    </EditorContextProvider>
  );
}

/**
 * Main-thread cost of each change: React's render and commit plus style and layout, run
 * alone in its own animation-frame callback so a trace can also read its thread time.
 * The payload is made beforehand: building test data is not the editor's cost.
 */
async function measure<T>(count: number, prepare: (i: number) => T, apply: (payload: T) => void): Promise<number[]> {
  const costs: number[] = [];
  for (let i = 0; i < count; i++) {
    const payload = prepare(i);
    costs.push(
      await new Promise<number>((resolve) =>
        requestAnimationFrame(() => {
          const t0 = performance.now();
          flushSync(() => apply(payload));
          void document.body.offsetHeight; // forces style and layout now, inside the measurement
          resolve(performance.now() - t0);
        }),
      ),
    );
  }
  return costs;
}

/** React Flow also mounts nodes at the edge of the view; only boxes inside it get pictures. */
function thumbnailBoxesOnScreen(): number {
  const view = document.querySelector('.react-flow')?.getBoundingClientRect();
  if (!view) return 0;
  return [...document.querySelectorAll('.sf-thumb')].filter((el) => {
    const r = el.getBoundingClientRect();
    return r.right > view.left && r.left < view.right && r.bottom > view.top && r.top < view.bottom;
  }).length;
}

function Ready({ probe }: { probe: PerfProbe }) {
  const initialised = useNodesInitialized();
  const flow = useReactFlow();
  useEffect(() => {
    probe.zoomTo = async (zoom) => {
      await flow.zoomTo(zoom);
      await new Promise(requestAnimationFrame);
      await new Promise(requestAnimationFrame);
    };
  }, [flow, probe]);
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (!initialised || ready) return;
    // The frame after measurement is the first one a person can interact with.
    requestAnimationFrame(() => {
      probe.readyMs = performance.now();
      setReady(true);
    });
  }, [initialised, ready, probe]);
  return ready ? <span data-testid="perf-ready" hidden /> : null;
}
