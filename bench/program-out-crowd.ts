/**
 * How many WHEP viewers the runtime serves from one encode: headless werift receivers (in
 * their own process) are added step by step to a 720p30 program; at each step the delay the
 * fan-out adds is measured per video packet, from the moment the encoder handed it to the
 * fan-out (tapped in the runtime) to its arrival at each receiver. The knee is the last step
 * whose p95 added delay stays under the limit with (nearly) every packet delivered, while the
 * program is still encoded at (nearly) the frame rate it had with one viewer: a machine too
 * busy to feed the encoder sends fewer pictures to everyone, which no packet's delay shows.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { percentile } from '@showflow/capture-sdk/wire';
import { clockOffset } from '../packages/live/bench/page-clock.ts';
import type { RuntimeProcess } from '../packages/live/bench/runtime-client.ts';
import type { ProgramOutputStats } from '@showflow/program-out';
import { machineCpuTimes, machineShares } from './machine-cpu.ts';
import type { ProgramRuntimeOps, ReceiverOps } from './program-out-protocol.ts';

export const CROWD_STEPS = [1, 10, 25, 50, 75, 100, 150, 200];
export const ADDED_P95_LIMIT_MS = 50;
/** Below this share of packets delivered to every receiver a step counts as broken. */
const MIN_DELIVERED = 0.98;
/**
 * Below this share of the first step's program frame rate (the rate the source and encoder
 * keep with one viewer, measured in the same run) a step counts as broken.
 */
const MIN_PROGRAM_FPS_SHARE = 0.95;
const SETTLE_MS = 2000;
const MEASURE_MS = 5000;

export interface CrowdStep {
  viewers: number;
  addedP50: number;
  addedP95: number;
  delivered: number;
  /** Pictures the program encoder took per second during the step. */
  programFps: number;
  runtimeCpuPercent: number;
  receiversCpuPercent: number;
  /** The whole machine's CPU busy during the step, % of all cores. */
  machineBusyPercent: number;
  mbitPerViewer: number;
  ok: boolean;
}

export async function rampViewers(runtime: RuntimeProcess<ProgramRuntimeOps>, receivers: RuntimeProcess<ReceiverOps>, pipelineId: string, endpoint: string): Promise<CrowdStep[]> {
  const steps: CrowdStep[] = [];
  let connected = 0;
  // Tap and receivers stamp with their own process's timeOrigin + now: after a host clock
  // step the two disagree by a constant, which would read as fan-out delay.
  const receiversAhead = (await clockOffset(() => receivers.call('clock'))).offsetMs - (await clockOffset(() => runtime.call('clock'))).offsetMs;
  console.log(`  receivers' clock − runtime's clock: ${receiversAhead.toFixed(1)} ms (taken out of every delay)`);
  for (const target of CROWD_STEPS) {
    try {
      connected = await receivers.call('add', endpoint, target - connected);
    } catch (error) {
      steps.push({ viewers: target, addedP50: NaN, addedP95: NaN, delivered: 0, programFps: NaN, runtimeCpuPercent: NaN, receiversCpuPercent: NaN, machineBusyPercent: NaN, mbitPerViewer: NaN, ok: false });
      console.error(`  ${target} viewers: could not connect them all: ${String(error)}`);
      break;
    }
    await sleep(SETTLE_MS);
    const beforeAt = Date.now();
    const machineBefore = await machineCpuTimes();
    const before = await runtime.call('snapshot', pipelineId);
    const receiversBefore = await receivers.call('takeMeasure');
    // Receivers record a little longer than the tap on both ends, so every tapped packet
    // had its chance to arrive; what they got outside the tap's window is not counted.
    await receivers.call('startMeasure');
    await runtime.call('tapStart', pipelineId);
    const started = Date.now();
    await sleep(MEASURE_MS);
    const tap = await runtime.call('tapTake');
    const seconds = (Date.now() - started) / 1000;
    const after = await runtime.call('snapshot', pipelineId);
    const machineAfter = await machineCpuTimes();
    const afterAt = Date.now();
    await sleep(300);
    const figures = await receivers.call('takeMeasure');
    const sentAt = new Map<number, number>();
    tap.seq.forEach((seq, i) => sentAt.set(seq, tap.at[i]));
    const added: number[] = [];
    let matched = 0;
    for (const times of figures.video) {
      times.seq.forEach((seq, i) => {
        const at = sentAt.get(seq);
        if (at === undefined) return;
        matched++;
        added.push(times.at[i] - receiversAhead - at);
      });
    }
    // Every tapped packet is owed to every receiver.
    const expected = tap.seq.length * figures.video.length;
    const step: CrowdStep = {
      viewers: connected,
      addedP50: percentile(added, 50),
      addedP95: percentile(added, 95),
      delivered: expected ? matched / expected : 0,
      programFps: (encodedPictures(after.program) - encodedPictures(before.program)) / ((afterAt - beforeAt) / 1000),
      runtimeCpuPercent: ((after.cpuMicros - before.cpuMicros) / 1e6 / seconds) * 100,
      receiversCpuPercent: ((figures.cpuMicros - receiversBefore.cpuMicros) / 1e6 / seconds) * 100,
      machineBusyPercent: machineShares(machineBefore, machineAfter).busyPercent,
      mbitPerViewer: (figures.bytes.reduce((a, b) => a + b, 0) * 8) / Math.max(1, figures.bytes.length) / Math.max(figures.seconds, 0.001) / 1e6,
      ok: false,
    };
    const oneViewerFps = steps[0]?.programFps ?? step.programFps;
    step.ok = step.addedP95 < ADDED_P95_LIMIT_MS && step.delivered >= MIN_DELIVERED && step.programFps >= MIN_PROGRAM_FPS_SHARE * oneViewerFps;
    steps.push(step);
    console.log(`  ${step.viewers} viewers: added p50 ${step.addedP50.toFixed(1)} ms, p95 ${step.addedP95.toFixed(1)} ms, delivered ${(step.delivered * 100).toFixed(1)} %, program ${step.programFps.toFixed(1)} fps, runtime ${step.runtimeCpuPercent.toFixed(0)} %, receivers ${step.receiversCpuPercent.toFixed(0)} %, machine ${step.machineBusyPercent.toFixed(0)} %`);
    if (!step.ok) break;
  }
  await receivers.call('closeAll');
  return steps;
}

const encodedPictures = (stats: ProgramOutputStats | null) => (stats ? stats.framesIn - stats.framesDropped : NaN);

/** The most viewers of a step that held (0 when even one viewer did not). */
export function knee(steps: CrowdStep[]): number {
  let best = 0;
  for (const s of steps) if (s.ok) best = s.viewers;
  return best;
}
