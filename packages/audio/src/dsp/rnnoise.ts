/// <reference path="./rnnoise-wasm.d.ts" />
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { audioError } from '../errors.ts';

/** RNNoise's frame: 10 ms at 48 kHz, one channel. */
export const RNNOISE_FRAME = 480;

interface RnnoiseModule {
  _rnnoise_create(model: number): number;
  _rnnoise_destroy(state: number): void;
  _rnnoise_process_frame(state: number, out: number, input: number): number;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  HEAPF32: Float32Array;
}

type CreateModule = (overrides: { wasmBinary: Uint8Array }) => Promise<RnnoiseModule>;

let wasmBinary: Promise<Uint8Array> | undefined;

/**
 * Jitsi's RNNoise WebAssembly build. Its loader fetches the .wasm by URL, which Node's
 * fetch cannot do for a file, so the bytes are read once and handed over.
 */
async function loadModule(): Promise<RnnoiseModule> {
  try {
    const require = createRequire(import.meta.url);
    const wasmPath = require.resolve('@jitsi/rnnoise-wasm/dist/rnnoise.wasm');
    wasmBinary ??= readFile(wasmPath);
    const { default: create } = (await import('@jitsi/rnnoise-wasm/dist/rnnoise.js')) as { default: CreateModule };
    return await create({ wasmBinary: await wasmBinary });
  } catch (err) {
    wasmBinary = undefined;
    throw audioError('SF706', `RNNoise did not load: ${(err as Error).message}`);
  }
}

/**
 * One RNNoise denoiser per channel. RNNoise expects 16-bit sample values in floats, so
 * samples are scaled by 32768 on the way in and back on the way out. Each 480-sample frame
 * also yields RNNoise's voice-activity probability.
 */
export class Rnnoise {
  private readonly states: number[];
  private readonly buffer: number;
  private destroyed = false;
  /** Voice probability of the last frame processed (max over channels). */
  voice = 0;

  private constructor(private readonly m: RnnoiseModule, readonly channels: number) {
    this.states = Array.from({ length: channels }, () => m._rnnoise_create(0));
    this.buffer = m._malloc(RNNOISE_FRAME * 4);
  }

  static async create(channels: number): Promise<Rnnoise> {
    return new Rnnoise(await loadModule(), channels);
  }

  /** Denoises interleaved samples whose frame count is a multiple of 480 into a new array. */
  process(samples: Float32Array, channels: number): Float32Array {
    const frames = samples.length / channels;
    const out = new Float32Array(samples.length);
    let voice = 0;
    for (let c = 0; c < channels; c++) {
      const state = this.states[c];
      for (let start = 0; start < frames; start += RNNOISE_FRAME) {
        // The heap view is taken per frame: a wasm memory growth detaches older views.
        const heap = new Float32Array(this.m.HEAPF32.buffer, this.buffer, RNNOISE_FRAME);
        for (let i = 0; i < RNNOISE_FRAME; i++) heap[i] = samples[(start + i) * channels + c] * 32768;
        const p = this.m._rnnoise_process_frame(state, this.buffer, this.buffer);
        if (p > voice) voice = p;
        const done = new Float32Array(this.m.HEAPF32.buffer, this.buffer, RNNOISE_FRAME);
        for (let i = 0; i < RNNOISE_FRAME; i++) out[(start + i) * channels + c] = done[i] / 32768;
      }
    }
    this.voice = voice;
    return out;
  }

  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    for (const s of this.states) this.m._rnnoise_destroy(s);
    this.m._free(this.buffer);
  }
}
