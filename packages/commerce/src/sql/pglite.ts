import { Worker } from 'node:worker_threads';
import { Lanes } from './lanes.ts';
import type { Sql, SqlRunner } from './types.ts';

/** What the database thread (pglite-thread.mjs) answers. */
type ThreadReply = { id: number; ok: true; rows?: unknown[] } | { id: number; ok: false; error: Record<string, unknown> & { message: string } };
type ThreadCall = ({ op: 'query'; text: string; params: unknown[] } | { op: 'exec'; text: string } | { op: 'close' }) & { begin?: boolean };

const threadEntry = new URL('./pglite-thread.mjs', import.meta.url);

/**
 * Embedded PostgreSQL (WASM) on a thread of its own. `dataDir` keeps data in a folder;
 * without it the database lives in memory, which is what tests use.
 *
 * PGlite runs each statement synchronously on the calling thread; on the main thread a
 * rush of reservations stalled the HTTP server for hundreds of milliseconds at a time, so
 * requests waited unseen in socket buffers until clients timed out, and the admission
 * queue never saw them to refuse them. On its own thread the event loop stays free to
 * parse, admit, refuse and answer while SQL runs.
 */
export async function createPgliteSql(options: { dataDir?: string } = {}): Promise<Sql> {
  const worker = new Worker(threadEntry, { workerData: { dataDir: options.dataDir } });
  const pending = new Map<number, { resolve: (reply: ThreadReply) => void }>();
  let nextId = 1;
  let stopped: Error | null = null;

  const settleAll = (error: Error) => {
    stopped = error;
    for (const { resolve } of pending.values()) resolve({ id: 0, ok: false, error: { message: error.message } });
    pending.clear();
    worker.unref();
  };
  worker.on('message', (reply: ThreadReply) => {
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    // An idle database thread must not keep the process alive, as in-process PGlite did not.
    if (pending.size === 0) worker.unref();
    waiter.resolve(reply);
  });
  worker.on('error', (error) => settleAll(new Error(`the orders database thread failed: ${error.message}`)));
  worker.on('exit', (code) => settleAll(new Error(`the orders database thread stopped (exit code ${code})`)));

  function send(call: ThreadCall, id = nextId++): Promise<ThreadReply> {
    if (stopped) return Promise.resolve({ id, ok: false, error: { message: stopped.message } });
    return new Promise((resolve) => {
      pending.set(id, { resolve });
      worker.ref();
      worker.postMessage({ id, ...call });
    });
  }
  async function call(c: ThreadCall): Promise<unknown[]> {
    const reply = await send(c);
    if (!reply.ok) throw Object.assign(new Error(reply.error.message), reply.error);
    return reply.rows ?? [];
  }

  // The thread reports once PGlite has opened (id 0), or why it could not.
  const opened = await new Promise<ThreadReply>((resolve) => {
    pending.set(0, { resolve });
  });
  if (!opened.ok) {
    await worker.terminate();
    throw Object.assign(new Error(`the orders database did not open: ${opened.error.message}`), opened.error, { message: `the orders database did not open: ${opened.error.message}` });
  }

  const runner: SqlRunner = {
    async query<Row>(text: string, params: unknown[] = []) {
      return (await call({ op: 'query', text, params })) as Row[];
    },
    async exec(script: string) {
      await call({ op: 'exec', text: script });
    },
  };
  /** A transaction's runner: its first statement carries BEGIN along, saving a round trip. */
  function transactionRunner() {
    let begun = false;
    const begin = () => {
      const first = !begun;
      begun = true;
      return first;
    };
    const tx: SqlRunner = {
      async query<Row>(text: string, params: unknown[] = []) {
        return (await call({ op: 'query', text, params, begin: begin() })) as Row[];
      },
      async exec(script: string) {
        await call({ op: 'exec', text: script, begin: begin() });
      },
    };
    return { tx, begun: () => begun };
  }
  // PGlite has one connection: every statement, in or out of a transaction, takes the
  // single slot so the settle lane can overtake queued work, and a transaction's
  // statements are never interleaved with anyone else's.
  const lanes = new Lanes(1);
  return {
    backend: 'pglite',
    query: (text, params) => lanes.run('normal', () => runner.query(text, params)),
    exec: (script) => lanes.run('normal', () => runner.exec(script)),
    transaction: (fn, opts) =>
      lanes.run(opts?.lane ?? 'normal', async () => {
        const { tx, begun } = transactionRunner();
        let result;
        try {
          result = await fn(tx);
        } catch (error) {
          if (begun()) await runner.exec('ROLLBACK').catch(() => {});
          throw error;
        }
        if (begun()) await runner.exec('COMMIT');
        return result;
      }),
    async close() {
      if (stopped) return;
      await lanes.run('settle', () => call({ op: 'close' })).catch(() => {});
      await worker.terminate();
    },
  };
}
