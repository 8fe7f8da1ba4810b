/**
 * The benchmark's runtime in a process of its own, as `npm start` runs it. The browsers'
 * driver stays in the parent: Playwright's client keeps an AsyncLocalStorage, which hooks
 * every promise of the process it lives in, and werift makes several promises per packet —
 * sharing a process charged the runtime for work it never does in production.
 */
import type { RuntimeOps, RuntimeReady, RuntimeReply, RuntimeRequest } from './runtime-protocol.ts';
import { createProgramOutModule } from '../../../apps/runtime/src/modules/program-out.ts';
import { benchPipeline, startRuntimeStack } from './runtime-stack.ts';

const send = process.send?.bind(process);
if (!send) throw new Error('runtime-process.ts runs as a forked child of the benchmark');

// Program out too: the WHIP benchmark's viewers also watch over standard WHEP.
const stack = await startRuntimeStack([createProgramOutModule({})]);
let recording: { samples: { latencyMs: number[]; bytes: number[] }; stop: () => void } | undefined;

const ops: RuntimeOps = {
  createStream: async (streamId) => (await stack.live.createStream(streamId)).token,
  async deployBenchPipeline(pipelineId, streamId, width, height, fps, chain, output) {
    await stack.app.deployments.save(benchPipeline(pipelineId, streamId, width, height, fps, chain, output));
    await stack.app.deployments.deploy(pipelineId);
  },
  async deletePipeline(pipelineId) {
    await stack.app.deployments.delete(pipelineId);
  },
  snapshot(pipelineId) {
    const cpu = process.cpuUsage();
    return { metrics: stack.app.engine.metrics(pipelineId), viewers: stack.live.viewerStats(pipelineId), cpuMicros: cpu.user + cpu.system };
  },
  recordIngest(streamId) {
    recording?.stop();
    const samples = { latencyMs: [] as number[], bytes: [] as number[] };
    // Observes arrivals at the gateway next to the pipeline's own subscription.
    const stop = stack.live.subscribe(streamId, (frame) => {
      samples.latencyMs.push(Date.now() - frame.captureTs);
      samples.bytes.push(frame.data.byteLength);
    });
    recording = { samples, stop };
  },
  takeIngest() {
    const taken = recording?.samples ?? { latencyMs: [], bytes: [] };
    recording?.stop();
    recording = undefined;
    return taken;
  },
};

process.on('message', (request: RuntimeRequest) => {
  const run = ops[request.op] as (...args: unknown[]) => unknown;
  Promise.resolve()
    .then(() => run(...request.args))
    .then(
      (result) => send({ id: request.id, result } satisfies RuntimeReply),
      (error: unknown) => send({ id: request.id, error: String(error) } satisfies RuntimeReply),
    );
});
// The parent going away (finished or killed) ends the runtime too.
process.on('disconnect', () => {
  void stack.close().finally(() => process.exit(0));
});
send({ ready: true, url: stack.server.url } satisfies RuntimeReady);
