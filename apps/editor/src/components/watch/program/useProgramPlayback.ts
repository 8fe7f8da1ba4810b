'use client';

import { useEffect, useState, type RefObject } from 'react';
import { FrameWatch } from './frame-watch.ts';
import { playHls } from './hls-play.ts';
import { NoProgramError, playWhep } from './whep-play.ts';

export type PlaybackMode = 'connecting' | 'whep' | 'hls' | 'none';

export interface ProgramPlayback {
  mode: PlaybackMode;
  /** Pictures are arriving now (not just "connected"). */
  live: boolean;
  /** Reconnections after a stall or a dropped connection. */
  reconnects: number;
}

const CHECK_EVERY_MS = 1000;
const RETRY_MS = 2000;
/** A pipeline without a program output is asked again now and then: it may be deployed later. */
const NO_PROGRAM_RETRY_MS = 10_000;

/**
 * Plays the pipeline's program into `video`: standard WHEP first (lowest latency), HLS when
 * WebRTC cannot connect (UDP blocked, a CDN in front), and reconnects by itself when
 * pictures stop — checked against frames actually presented, not connection state.
 */
export function useProgramPlayback(video: RefObject<HTMLVideoElement | null>, runtimeUrl: string, pipelineId: string): ProgramPlayback {
  const [state, setState] = useState<ProgramPlayback>({ mode: 'connecting', live: false, reconnects: 0 });

  useEffect(() => {
    const element = video.current;
    if (!element) return;
    const base = `${runtimeUrl}/live/program/${encodeURIComponent(pipelineId)}`;
    const lifetime = new AbortController();
    let stopCurrent: (() => void) | undefined;
    let reconnects = 0;
    let watch = new FrameWatch(() => performance.now());
    let frameCallback = 0;

    const countFrames = () => {
      watch.frame();
      frameCallback = element.requestVideoFrameCallback(countFrames);
    };
    // Older browsers lack per-frame callbacks: playback time advancing is the next best sign.
    const hasFrameCallback = typeof element.requestVideoFrameCallback === 'function';
    const onTime = () => watch.frame();
    if (hasFrameCallback) frameCallback = element.requestVideoFrameCallback(countFrames);
    else element.addEventListener('timeupdate', onTime);

    const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

    /** One playback attempt: resolves when it stalled or dropped (or the page left). */
    const attempt = async (): Promise<'stalled' | 'none'> => {
      const signal = lifetime.signal;
      let dropped = false;
      let mode: PlaybackMode;
      try {
        const whep = await playWhep(`${base}/whep`, signal);
        element.srcObject = whep.stream;
        whep.pc.addEventListener('connectionstatechange', () => {
          if (whep.pc.connectionState === 'failed' || whep.pc.connectionState === 'closed') dropped = true;
        });
        stopCurrent = () => {
          whep.stop();
          element.srcObject = null;
        };
        mode = 'whep';
      } catch (err) {
        if (signal.aborted) return 'stalled';
        try {
          const hls = await playHls(`${base}/hls/index.m3u8`, element, signal, () => (dropped = true));
          stopCurrent = hls.stop;
          mode = 'hls';
        } catch (hlsErr) {
          if (err instanceof NoProgramError && hlsErr instanceof NoProgramError) return 'none';
          return 'stalled';
        }
      }
      setState({ mode, live: false, reconnects });
      void element.play().catch(() => undefined);
      const startedAt = performance.now();
      watch = new FrameWatch(() => performance.now());
      while (!signal.aborted) {
        await sleep(CHECK_EVERY_MS);
        if (dropped || watch.stalled(startedAt)) break;
        setState((s) => (s.live === watch.live && s.mode === mode ? s : { mode, live: watch.live, reconnects }));
      }
      stopCurrent?.();
      stopCurrent = undefined;
      return 'stalled';
    };

    void (async () => {
      while (!lifetime.signal.aborted) {
        const outcome = await attempt();
        if (lifetime.signal.aborted) break;
        if (outcome === 'none') {
          setState({ mode: 'none', live: false, reconnects });
          await sleep(NO_PROGRAM_RETRY_MS);
        } else {
          reconnects++;
          setState({ mode: 'connecting', live: false, reconnects });
          await sleep(RETRY_MS);
        }
      }
    })();

    return () => {
      lifetime.abort();
      stopCurrent?.();
      if (frameCallback) element.cancelVideoFrameCallback(frameCallback);
      element.removeEventListener('timeupdate', onTime);
    };
  }, [video, runtimeUrl, pipelineId]);

  return state;
}
