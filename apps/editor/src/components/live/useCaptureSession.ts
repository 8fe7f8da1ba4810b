'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { CaptureSession, CaptureSource, CaptureState as LinkState, CaptureStats } from '@showflow/capture-sdk';
import { useRuntimeUrl } from '../../api/RuntimeProvider.tsx';
import { useTRPCClient } from '../../api/trpc.ts';
import { SIZES, type GoLiveSettings } from './capture-options.ts';
import { startTestPattern } from './test-pattern.ts';

export type CaptureState =
  | { phase: 'idle' }
  | { phase: 'starting' }
  | { phase: 'live'; streamId: string; stats: CaptureStats | null; link: SenderLink }
  | { phase: 'failed'; message: string };

/** The session as the SDK reports it: it reconnects by itself, `attempt` counts the tries. */
export interface SenderLink {
  state: LinkState;
  attempt?: number;
  /** Why it gave up (`failed`): the gateway's code (SF602…) and message. */
  code?: string;
  message?: string;
}

const STATS_EVERY_MS = 500;

/**
 * One capture session from this browser: asks the runtime for a stream token, starts the
 * capture SDK on the chosen source, reads its stats twice a second, and stops it (also
 * when the panel goes away, so a camera is never left running).
 */
export function useCaptureSession() {
  const runtimeUrl = useRuntimeUrl();
  const client = useTRPCClient();
  const [state, setState] = useState<CaptureState>({ phase: 'idle' });
  const session = useRef<{ capture: CaptureSession; release(): void } | null>(null);

  const stop = useCallback(async () => {
    const current = session.current;
    session.current = null;
    if (current) {
      await current.capture.stop();
      current.release();
    }
    setState({ phase: 'idle' });
  }, []);

  const start = useCallback(
    async (settings: GoLiveSettings) => {
      if (session.current) return;
      setState({ phase: 'starting' });
      const size = SIZES.find((s) => s.id === settings.size) ?? SIZES[0];
      let release = () => {};
      try {
        const { startCapture } = await import('@showflow/capture-sdk');
        const { token } = await client.live.createStream.mutate({ streamId: settings.streamId });
        let source: CaptureSource;
        if (settings.source === 'test') {
          const pattern = startTestPattern(size.width, size.height, settings.fps);
          release = pattern.stop;
          source = { kind: 'canvas', canvas: pattern.canvas };
        } else {
          source = { kind: settings.source };
        }
        const capture = await startCapture({
          server: runtimeUrl,
          streamId: settings.streamId,
          token,
          source,
          width: size.width,
          height: size.height,
          fps: settings.fps,
          quality: settings.quality,
          transport: 'auto',
          onStateChange: (link, detail) =>
            setState((s) =>
              s.phase === 'live' ? { ...s, link: { state: link, attempt: detail?.attempt, code: detail?.code, message: detail?.message } } : s,
            ),
        });
        session.current = { capture, release };
        setState({ phase: 'live', streamId: settings.streamId, stats: null, link: { state: 'live' } });
      } catch (error) {
        release();
        const { code, message } = error as { code?: string; message?: string };
        setState({ phase: 'failed', message: `${code ? `${code} ` : ''}${message ?? String(error)}` });
      }
    },
    [client, runtimeUrl],
  );

  const live = state.phase === 'live';
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => {
      const current = session.current;
      if (current) setState((s) => (s.phase === 'live' ? { ...s, stats: current.capture.stats() } : s));
    }, STATS_EVERY_MS);
    return () => clearInterval(timer);
  }, [live]);

  useEffect(
    () => () => {
      const current = session.current;
      session.current = null;
      if (current) void current.capture.stop().finally(current.release);
    },
    [],
  );

  return { state, start, stop };
}
