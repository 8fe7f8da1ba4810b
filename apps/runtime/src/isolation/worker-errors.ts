import { errorCatalog, ShowflowError, type ErrorCode } from '@showflow/shared';
import type { WorkerError } from './protocol.ts';

/** Why a worker ended, as the catalogue error the node shows. */
export function crashError(err: unknown): ShowflowError {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (e?.code === 'ERR_WORKER_OUT_OF_MEMORY') return new ShowflowError('SF214', `ran out of memory: ${String(e.message)}`);
  const message = err instanceof Error ? err.message : String(err);
  return new ShowflowError('SF213', `threw outside a run: ${message}`);
}

export function exitError(exitCode: number): ShowflowError {
  return new ShowflowError('SF212', `its worker exited with code ${exitCode}`);
}

/** An error reported by the worker, keeping its catalogue code (SF202 …) when it had one. */
export function fromWorkerError(error: WorkerError, fallback: ErrorCode): Error {
  const code = error.code && error.code in errorCatalog ? (error.code as ErrorCode) : undefined;
  return new ShowflowError(code ?? fallback, error.message);
}
