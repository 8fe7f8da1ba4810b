// The orders database's own thread: PGlite is PostgreSQL compiled to WebAssembly, and each
// statement runs synchronously on the thread that calls it. Here it cannot stall the HTTP
// server's event loop, so an overloaded shop can still answer 429 at once.
// Plain JavaScript so the thread needs no TypeScript loader; the protocol is in pglite.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

const port = parentPort;

/** PGlite's errors carry PostgreSQL's fields (code, detail, constraint…); keep every plain one. */
function plainError(error) {
  const out = { message: error instanceof Error ? error.message : String(error), name: error?.name ?? 'Error' };
  if (error && typeof error === 'object') {
    for (const [k, v] of Object.entries(error)) {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
    }
  }
  return out;
}

let db;
try {
  db = await PGlite.create(workerData?.dataDir);
  port.postMessage({ id: 0, ok: true });
} catch (error) {
  port.postMessage({ id: 0, ok: false, error: plainError(error) });
}

// One statement at a time, in the order sent: the caller's lanes already serialise them,
// and a transaction's first statement may arrive with `begin` so BEGIN costs no round trip.
let chain = Promise.resolve();
port.on('message', (msg) => {
  chain = chain.then(() => answer(msg));
});

async function answer(msg) {
  try {
    if (!db) throw new Error('the orders database did not open');
    if (msg.begin) await db.exec('BEGIN');
    if (msg.op === 'query') {
      const result = await db.query(msg.text, msg.params ?? []);
      port.postMessage({ id: msg.id, ok: true, rows: result.rows });
    } else if (msg.op === 'exec') {
      await db.exec(msg.text);
      port.postMessage({ id: msg.id, ok: true });
    } else if (msg.op === 'close') {
      await db.close();
      db = undefined;
      port.postMessage({ id: msg.id, ok: true });
    } else {
      throw new Error(`unknown operation ${msg.op}`);
    }
  } catch (error) {
    port.postMessage({ id: msg.id, ok: false, error: plainError(error) });
  }
}
