/**
 * The program-out benchmark's runtime in a process of its own, as `npm start` runs it:
 * live ingest (the JPEG data-channel path) and program out (WHEP + HLS) on one server.
 */
import { PROGRAM_OUT_SERVICE, ProgramOutService, type ProgramOutput } from '@showflow/program-out';
import { createProgramOutModule } from '../apps/runtime/src/modules/program-out.ts';
import { startRuntimeStack } from '../packages/live/bench/runtime-stack.ts';
import type { RuntimeReady, RuntimeReply, RuntimeRequest } from '../packages/live/bench/runtime-protocol.ts';
import type { PacketTimes, ProgramRuntimeOps } from './program-out-protocol.ts';

const send = process.send?.bind(process);
if (!send) throw new Error('program-out-runtime.ts runs as a forked child of the benchmark');

const stack = await startRuntimeStack([createProgramOutModule({ SHOWFLOW_PROGRAM_MAX_VIEWERS: '1000' })]);
const service = stack.app.services.get(PROGRAM_OUT_SERVICE);
if (!(service instanceof ProgramOutService)) throw new Error('the program-out module did not provide its service');
const now = () => performance.timeOrigin + performance.now();
let tap: { times: PacketTimes; stop: () => void } | undefined;

function output(pipelineId: string): ProgramOutput {
  const found = (service as ProgramOutService).get(pipelineId);
  if (!found) throw new Error(`no program output on ${pipelineId}`);
  return found;
}

const ops: ProgramRuntimeOps = {
  createStream: async (streamId) => (await stack.live.createStream(streamId)).token,
  async deploy(document) {
    await stack.app.deployments.save(document);
    await stack.app.deployments.deploy(document.id);
  },
  async deletePipeline(pipelineId) {
    await stack.app.deployments.delete(pipelineId);
  },
  snapshot(pipelineId) {
    const cpu = process.cpuUsage();
    return { cpuMicros: cpu.user + cpu.system, program: (service as ProgramOutService).get(pipelineId)?.stats() ?? null, metrics: stack.app.engine.metrics(pipelineId) };
  },
  tapStart(pipelineId) {
    tap?.stop();
    const times: PacketTimes = { seq: [], at: [] };
    const stop = output(pipelineId).observeVideo((packet) => {
      times.seq.push(packet.readUInt16BE(2));
      times.at.push(now());
    });
    tap = { times, stop };
  },
  tapTake() {
    const times = tap?.times ?? { seq: [], at: [] };
    tap?.stop();
    tap = undefined;
    return times;
  },
  clock: now,
};

process.on('message', (request: RuntimeRequest) => {
  const { id, op, args } = request as unknown as { id: number; op: keyof ProgramRuntimeOps; args: unknown[] };
  const run = ops[op] as (...args: unknown[]) => unknown;
  Promise.resolve()
    .then(() => run(...args))
    .then(
      (result) => send({ id, result } satisfies RuntimeReply),
      (error: unknown) => send({ id, error: String(error) } satisfies RuntimeReply),
    );
});
process.on('disconnect', () => {
  void stack.close().finally(() => process.exit(0));
});
send({ ready: true, url: stack.server.url } satisfies RuntimeReady);
