/**
 * Headless WHEP viewers in a process of their own (werift peers that only count packets),
 * so the runtime's CPU figure is the runtime's alone. Answers the benchmark over fork IPC.
 */
import { connectWhepReceiver, type WhepReceiver } from '@showflow/program-out/testing';
import type { RuntimeReady, RuntimeReply, RuntimeRequest } from '../packages/live/bench/runtime-protocol.ts';
import type { PacketTimes, ReceiverOps } from './program-out-protocol.ts';

const send = process.send?.bind(process);
if (!send) throw new Error('program-out-receivers.ts runs as a forked child of the benchmark');

const receivers: WhepReceiver[] = [];
let recording: { times: PacketTimes[]; bytesAt: number[]; stops: (() => void)[]; startedAt: number } | undefined;

async function until(check: () => boolean, what: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const ops: ReceiverOps = {
  async add(endpoint, count) {
    const added: WhepReceiver[] = [];
    // A few at a time: a crowd joins over seconds, not in one instant.
    for (let i = 0; i < count; i += 5) {
      added.push(...(await Promise.all(Array.from({ length: Math.min(5, count - i) }, () => connectWhepReceiver(endpoint)))));
    }
    receivers.push(...added);
    // ICE and DTLS of werift peers are JavaScript: on a loaded machine they take a while.
    await until(() => added.every((r) => r.counters.keyframes > 0), `${count} receivers to get a keyframe`, 90_000);
    return receivers.length;
  },
  startMeasure() {
    recording?.stops.forEach((stop) => stop());
    const times = receivers.map(() => ({ seq: [] as number[], at: [] as number[] }));
    const stops = receivers.map((r, i) =>
      r.onVideo((packet, at) => {
        times[i].seq.push(packet.header.sequenceNumber);
        times[i].at.push(at);
      }),
    );
    recording = { times, bytesAt: receivers.map((r) => r.counters.bytes), stops, startedAt: Date.now() };
  },
  takeMeasure() {
    const taken = recording;
    taken?.stops.forEach((stop) => stop());
    recording = undefined;
    const cpu = process.cpuUsage();
    return {
      video: taken?.times ?? [],
      bytes: receivers.map((r, i) => r.counters.bytes - (taken?.bytesAt[i] ?? 0)),
      seconds: taken ? (Date.now() - taken.startedAt) / 1000 : 0,
      cpuMicros: cpu.user + cpu.system,
    };
  },
  async closeAll() {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  },
  // What connectWhepReceiver stamps arrivals with.
  clock: () => performance.timeOrigin + performance.now(),
};

process.on('message', (request: RuntimeRequest) => {
  const { id, op, args } = request as unknown as { id: number; op: keyof ReceiverOps; args: unknown[] };
  const run = ops[op] as (...args: unknown[]) => unknown;
  Promise.resolve()
    .then(() => run(...args))
    .then(
      (result) => send({ id, result } satisfies RuntimeReply),
      (error: unknown) => send({ id, error: String(error) } satisfies RuntimeReply),
    );
});
process.on('disconnect', () => {
  void ops.closeAll().finally(() => process.exit(0));
});
send({ ready: true, url: '' } satisfies RuntimeReady);
