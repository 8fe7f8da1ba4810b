'use client';

import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ViewerSession, ViewerStats } from '@showflow/capture-sdk';
import { LatencyReadout } from './LatencyReadout.tsx';
import './live.css';

interface Props {
  runtimeUrl: string;
  pipelineId: string;
  /**
   * Shown until the first WebRTC frame arrives: while it cannot connect (retried every few
   * seconds) or when the pipeline has no viewer output sending frames. E.g. the preview image.
   */
  fallback?: ReactNode;
}

const RETRY_MS = 5_000;
const READOUT_EVERY_MS = 500;

/**
 * The pipeline's viewer output over WebRTC (WHEP): newest frame only, drawn on a canvas,
 * with the glass-to-glass latency readout. Shows `fallback` until a frame has arrived.
 */
export function LivePlayer({ runtimeUrl, pipelineId, fallback = null }: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [playing, setPlaying] = useState(false);
  const [stats, setStats] = useState<ViewerStats | null>(null);

  useEffect(() => {
    let stopped = false;
    let session: ViewerSession | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let readout: ReturnType<typeof setInterval> | undefined;

    const draw = ({ image }: { image: ImageBitmap }) => {
      const target = canvas.current;
      const context = target?.getContext('2d');
      if (!target || !context) return;
      if (target.width !== image.width) target.width = image.width;
      if (target.height !== image.height) target.height = image.height;
      context.drawImage(image, 0, 0);
      setPlaying(true);
    };

    const connect = async () => {
      try {
        const { watch } = await import('@showflow/capture-sdk');
        const opened = await watch(`${runtimeUrl}/live/whep/${encodeURIComponent(pipelineId)}`, draw);
        if (stopped) return void opened.stop();
        session = opened;
        readout = setInterval(() => setStats(opened.stats()), READOUT_EVERY_MS);
      } catch {
        if (stopped) return;
        setPlaying(false);
        retry = setTimeout(() => void connect(), RETRY_MS);
      }
    };
    void connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      clearInterval(readout);
      void session?.stop();
    };
  }, [runtimeUrl, pipelineId]);

  return (
    <>
      {!playing && fallback}
      <div className="sf-live-player" data-testid="live-player" hidden={!playing}>
        <canvas ref={canvas} aria-label="live stream" data-testid="live-canvas" />
        <LatencyReadout stats={stats} />
      </div>
    </>
  );
}
