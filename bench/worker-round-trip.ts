/**
 * The floor under an isolated hop: a small message to a worker thread and its echo back,
 * with nothing of Showflow around it. Both threads sleep between messages, so each round
 * trip is two thread wake-ups through libuv, the same as an isolated node's run and reply.
 * Like a chain of isolated nodes, successive messages go to successive workers: waking a
 * different, colder thread each time costs more than waking the same one again (on this
 * 2-core host about 1.5–2× under load).
 */
import { Worker } from 'node:worker_threads';
import { cpuMs } from './stats.ts';

const ECHO = `const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage(m));`;

/** Per round trip, µs: wall-clock time and CPU time of every thread of the process. */
export async function workerRoundTrip(count: number, workerCount: number): Promise<{ wall: number; cpu: number }> {
  const workers = Array.from({ length: workerCount }, () => new Worker(ECHO, { eval: true }));
  // Shaped like a run request: a few fields and a frame named by shared memory.
  const message = { op: 'run', id: 1, trigger: 'frame', messageId: 'm1', tick: 1, inputs: { frame: { width: 1280, height: 720, seq: 1 } }, slots: [0] };
  try {
    const run = (n: number) =>
      new Promise<{ wall: number; cpu: number }>((resolve) => {
        let sent = 1;
        const started = performance.now();
        const cpuStarted = cpuMs();
        const onReply = () => {
          if (sent < n) return workers[sent++ % workers.length].postMessage(message);
          for (const worker of workers) worker.off('message', onReply);
          resolve({ wall: ((performance.now() - started) * 1000) / n, cpu: ((cpuMs() - cpuStarted) * 1000) / n });
        };
        for (const worker of workers) worker.on('message', onReply);
        workers[0].postMessage(message);
      });
    await run(200); // warm-up: the workers' start and JIT
    return await run(count);
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}
