import type { NodeServices } from '@showflow/nodes/sdk';
import { RESTREAM_KEYS_SERVICE, RestreamKeys } from '../restream/restream-keys.ts';
import type { RestreamStatus } from '../restream/restream-output.ts';
import { feedOutput, type AvInput, type OutputRunContext } from './feed-output.ts';

/** Where a restream node's picture and sound go: its own encode to one destination (RTMP, SRT, WHIP). */
export interface RestreamSink extends AvInput {
  status(): RestreamStatus;
  close(): Promise<void>;
}

/** What every restream node (RTMP, SRT, WHIP) keeps between runs. */
export interface RestreamNodeState {
  output: RestreamSink;
  statusAt: number;
}

export function restreamKeys(services: NodeServices): RestreamKeys {
  const keys = services.get(RESTREAM_KEYS_SERVICE);
  if (!(keys instanceof RestreamKeys)) throw new Error(`this runtime provides no "${RESTREAM_KEYS_SERVICE}" service: restreaming needs the program-out module`);
  return keys;
}

interface RestreamRunContext extends OutputRunContext {
  state: RestreamNodeState;
  now(): number;
  setStatus(level: 'ok' | 'warn', text: string): void;
}

/** One run of a restream node: sound or a picture into its ffmpeg, and its status once a second. */
export async function runRestream(ctx: RestreamRunContext): Promise<void> {
  const { state } = ctx;
  if (!(await feedOutput(ctx, state.output, 'restream'))) return;
  const now = ctx.now();
  if (now - state.statusAt < 1000) return;
  state.statusAt = now;
  const s = state.output.status();
  const counts = `${s.framesDropped} dropped · ${s.reconnects} reconnect${s.reconnects === 1 ? '' : 's'}`;
  if (s.state === 'reconnecting') ctx.setStatus('warn', `reconnecting in ${Math.ceil((s.retryInMs ?? 0) / 1000)} s · ${counts} · ${s.lastProblem ?? ''}`);
  else ctx.setStatus('ok', `${s.state} · ${(s.kbps / 1000).toFixed(2)} Mbit/s · ${counts}`);
}
