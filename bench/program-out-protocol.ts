/**
 * What the program-out benchmark asks of its two helper processes over the fork IPC
 * channel: the runtime (live ingest + program out) and a process of headless WHEP receivers.
 */
import type { ProgramOutputStats } from '@showflow/program-out';
import type { PipelineDocumentInput, PipelineMetrics } from '@showflow/shared';

/** Arrival times (epoch ms, sub-ms precision) of video RTP packets, by sequence number. */
export interface PacketTimes {
  seq: number[];
  at: number[];
}

export interface ProgramRuntimeOps {
  createStream(streamId: string): Promise<string>;
  deploy(document: PipelineDocumentInput): Promise<void>;
  deletePipeline(pipelineId: string): Promise<void>;
  snapshot(pipelineId: string): { cpuMicros: number; program: ProgramOutputStats | null; metrics: PipelineMetrics | null };
  /** Starts recording when each video packet leaves the encoder for the fan-out. */
  tapStart(pipelineId: string): void;
  tapTake(): PacketTimes;
  /** The clock the tap stamps with (timeOrigin + now, epoch ms). */
  clock(): number;
}

export interface ReceiverFigures {
  /** Per receiver: when each video packet arrived. */
  video: PacketTimes[];
  /** Video + audio RTP bytes received per receiver. */
  bytes: number[];
  /** How long the recording ran. */
  seconds: number;
  /** This process's CPU time so far, microseconds. */
  cpuMicros: number;
}

export interface ReceiverOps {
  /** Connects `count` more WHEP receivers to `endpoint`; resolves when all receive video. */
  add(endpoint: string, count: number): Promise<number>;
  startMeasure(): void;
  takeMeasure(): ReceiverFigures;
  closeAll(): Promise<void>;
  /** The clock arrivals are stamped with (timeOrigin + now, epoch ms). */
  clock(): number;
}
