/**
 * What the glass-to-glass benchmark asks of its runtime process, and the messages that
 * carry it over the fork IPC channel.
 */
import type { PipelineMetrics } from '@showflow/shared';
import type { PipelineViewStats } from '../src/index.ts';
import type { BenchChain, BenchOutput } from './runtime-stack.ts';

export interface IngestSamples {
  /** Capture → arrival at the gateway, per frame. */
  latencyMs: number[];
  /** JPEG bytes per frame. */
  bytes: number[];
}

export interface RuntimeSnapshot {
  metrics: PipelineMetrics | null;
  viewers: PipelineViewStats;
  /** The runtime process's CPU time so far (user + system), microseconds. */
  cpuMicros: number;
}

export interface RuntimeOps {
  createStream(streamId: string): Promise<string>;
  deployBenchPipeline(pipelineId: string, streamId: string, width: number, height: number, fps: number, chain: BenchChain, output: BenchOutput): Promise<void>;
  deletePipeline(pipelineId: string): Promise<void>;
  snapshot(pipelineId: string): RuntimeSnapshot;
  /** Starts recording frames arriving on `streamId` at the gateway. */
  recordIngest(streamId: string): void;
  /** Stops recording and returns what arrived since `recordIngest`. */
  takeIngest(): IngestSamples;
}

export type RuntimeRequest = { [K in keyof RuntimeOps]: { id: number; op: K; args: Parameters<RuntimeOps[K]> } }[keyof RuntimeOps];
export type RuntimeReply = { id: number; result?: unknown; error?: string };
export type RuntimeReady = { ready: true; url: string };
