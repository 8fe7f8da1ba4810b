import { GenerativeError } from '../errors.ts';

/** Waits for a shared promise, giving up (SF504) at this caller's signal or deadline only. */
export function waitFor<T>(promise: Promise<T>, signal: AbortSignal | undefined, deadline: number | undefined, why = 'deadline passed while waiting for the provider'): Promise<T> {
  if (!signal && deadline === undefined) return promise;
  return new Promise<T>((resolve, reject) => {
    const giveUp = (message: string) => {
      cleanup();
      reject(new GenerativeError('SF504', message));
    };
    const onAbort = () => giveUp('cancelled while waiting for the provider');
    const timer = deadline === undefined ? undefined : setTimeout(() => giveUp(why), Math.max(0, deadline - Date.now()));
    const cleanup = () => {
      if (timer) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        cleanup();
        resolve(value);
      },
      (error: unknown) => {
        cleanup();
        reject(error);
      },
    );
  });
}
