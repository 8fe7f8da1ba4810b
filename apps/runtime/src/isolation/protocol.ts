import type { StatusLevel } from '@showflow/nodes/sdk';
import type { SlotFields } from './frame-slots.ts';

/**
 * Messages between the runtime and an isolated node's worker thread. Frame bytes never
 * travel in them: to the worker a frame's bytes are named by slot (frame-slots.ts); from
 * the worker a new frame's `data` is a view over a SharedArrayBuffer, which the structured
 * clone passes by reference, so both threads see the same memory.
 */

/** What the worker is started with (its `workerData`). */
export interface WorkerInit {
  /** Real path of the package module that exports the definition. */
  module: string;
  type: string;
  nodeId: string;
  pipelineId: string;
  /** Parsed config: migrated, defaulted, validated in the runtime. */
  config: Record<string, unknown>;
}

export interface WorkerError {
  message: string;
  /** The error's own catalogue code when it had one (e.g. SF202). */
  code?: string;
}

export type ToWorker =
  | { op: 'setup' }
  | ({ op: 'run'; id: number; trigger: string | undefined; inputs: Record<string, unknown>; messageId: string; tick: number } & SlotFields)
  | { op: 'dispose' };

export type FromWorker =
  /** The package module is loaded; the node's own setup starts now. */
  | { op: 'loaded' }
  | { op: 'ready' }
  | { op: 'setup-failed'; error: WorkerError }
  /** `fresh`: outputs whose frame bytes the node allocated in the worker (the pool may recycle them). */
  /** `same`: outputs that are an input passed through unchanged (output port → input port), sent as a reference, not a value. */
  | { op: 'done'; id: number; outputs: Record<string, unknown> | undefined; fresh?: string[]; same?: Record<string, string> }
  | { op: 'failed'; id: number; error: WorkerError }
  | { op: 'emit'; port: string; value: unknown; messageId: string; fresh?: boolean; same?: string }
  | { op: 'status'; level: StatusLevel; text: string }
  | { op: 'log'; level: 'info' | 'warn' | 'error'; message: string }
  | { op: 'disposed' };

export function toWorkerError(err: unknown): WorkerError {
  const code = (err as { code?: unknown } | null)?.code;
  return { message: err instanceof Error ? err.message : String(err), ...(typeof code === 'string' ? { code } : {}) };
}
