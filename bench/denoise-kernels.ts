/**
 * The temporal denoise step alone, native kernel against the JavaScript one, on the same
 * decoded 720p I420 frames: the pixel chain's baseline for what @showflow/pixel-native buys.
 * Rounds alternate so both kernels see the same machine; CPU-time medians.
 */
import type { Frame } from '@showflow/nodes';
import { createI420DenoiseState, denoiseCoefficients, denoiseI420, toI420Frame, type DenoiseKernel } from '@showflow/nodes/pixels';
import * as pixelNative from '@showflow/pixel-native';
import { cpuMs, median } from './stats.ts';

const ROUNDS = 5;

export interface KernelFigures {
  /** CPU per frame; undefined when the addon is not built here. */
  nativeMs: number | undefined;
  jsMs: number;
  unavailableReason: string | undefined;
}

export async function compareDenoiseKernels(jpegs: Buffer[], width: number, height: number, strength: number): Promise<KernelFigures> {
  const planes: Frame[] = [];
  for (const [seq, data] of jpegs.entries()) {
    planes.push(await toI420Frame({ width, height, channels: 3, encoding: 'jpeg', data, seq, captureTs: 0, id: `k#${seq}` }));
  }
  const coef = denoiseCoefficients(strength);
  const out = Buffer.alloc(planes[0].data.length);
  const run = (kernel: DenoiseKernel): number => {
    const state = createI420DenoiseState(width, height);
    denoiseI420(planes[0].data, out, state, coef, undefined, kernel); // primes the history: a copy, not the kernel
    const t0 = cpuMs();
    for (let i = 1; i < planes.length; i++) denoiseI420(planes[i].data, out, state, coef, undefined, kernel);
    return (cpuMs() - t0) / (planes.length - 1);
  };
  const native = pixelNative.available();
  const runs: { native: number[]; js: number[] } = { native: [], js: [] };
  run('js'); // warm-up: JIT
  for (let round = 0; round < ROUNDS; round++) {
    runs.js.push(run('js'));
    if (native) runs.native.push(run('native'));
  }
  return { nativeMs: native ? median(runs.native) : undefined, jsMs: median(runs.js), unavailableReason: pixelNative.unavailableReason() };
}
