import { CAPTURE_EACH_DRAW } from './canvas-capture.ts';

/**
 * A lip-sync marker, as a test card does it: the picture flashes white and a 1 kHz beep
 * starts at the same instant, once a period. Whoever receives both finds the flash and the
 * beep onsets on their own timelines; the difference is the A/V offset (positive: sound late).
 */

/**
 * Page script: `startFlashBeep(width, height, fps, periodMs)` returns `{ video, audio }`
 * MediaStreams. One timer draws every frame and starts each beep, so the white picture and
 * the sound are made in the same task. Needs the autoplay flag (AudioContext without a click).
 * While `globalThis.flashBeepHeld` is true the picture stays dark and silent (a sender warming up).
 */
export const FLASH_BEEP_SCRIPT = `
globalThis.startFlashBeep = async (width, height, fps, periodMs) => {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  document.body.append(canvas);
  const ctx = canvas.getContext('2d');
  const audio = new AudioContext({ sampleRate: 48000, latencyHint: 'interactive' });
  await audio.resume();
  const oscillator = audio.createOscillator();
  oscillator.frequency.value = 1000;
  const gain = audio.createGain();
  gain.gain.value = 0;
  const destination = audio.createMediaStreamDestination();
  oscillator.connect(gain).connect(destination);
  oscillator.start();
  const flashMs = 200;
  let flashAt = -Infinity;
  let nextFlash = performance.now() + periodMs;
  globalThis.flashes = [];
  const draw = () => {
    const now = performance.now();
    if (now >= nextFlash && globalThis.flashBeepHeld) nextFlash = now + periodMs;
    if (now >= nextFlash) {
      flashAt = now;
      nextFlash += periodMs;
      if (nextFlash < now) nextFlash = now + periodMs;
      gain.gain.setValueAtTime(0.6, audio.currentTime);
      gain.gain.setValueAtTime(0, audio.currentTime + flashMs / 1000);
      globalThis.flashes.push(performance.timeOrigin + now);
    }
    const lit = now - flashAt < flashMs;
    ctx.fillStyle = lit ? '#fff' : '#101010';
    ctx.fillRect(0, 0, width, height);
    // A small moving square: the encoder sees motion between flashes, as in a real picture.
    ctx.fillStyle = '#606060';
    ctx.fillRect((now / 10) % (width - 20), height - 30, 20, 20);
  };
  // The flash leaves in the task that starts its beep, not at the canvas's next sampling tick.
  const video = (${CAPTURE_EACH_DRAW})(canvas, draw, fps);
  globalThis.flashBeepAudio = audio;
  return { video, audio: destination.stream };
};
`;

export interface TimedValue {
  /** Ms on the receiver's timeline (capture time, or media time of the output). */
  t: number;
  value: number;
}

/**
 * Times at which `value` rises through `threshold` after having been below it, at most one
 * per `refractoryMs` (the flash lasts several frames, the beep several blocks).
 */
export function onsets(series: TimedValue[], threshold: number, refractoryMs: number): number[] {
  const found: number[] = [];
  let below = false;
  for (const { t, value } of [...series].sort((a, b) => a.t - b.t)) {
    if (value < threshold) {
      below = true;
      continue;
    }
    if (below && (found.length === 0 || t - found[found.length - 1] >= refractoryMs)) found.push(t);
    below = false;
  }
  return found;
}

export interface AvPair {
  /** When the flash was. */
  at: number;
  /** Beep − flash in ms (positive: sound late). */
  offset: number;
}

/** Each flash with the nearest beep within half a period. */
export function avPairs(flashes: number[], beeps: number[], periodMs: number): AvPair[] {
  const pairs: AvPair[] = [];
  for (const flash of flashes) {
    let best: number | undefined;
    for (const beep of beeps) if (Math.abs(beep - flash) < periodMs / 2 && (best === undefined || Math.abs(beep - flash) < Math.abs(best))) best = beep - flash;
    if (best !== undefined) pairs.push({ at: flash, offset: best });
  }
  return pairs;
}

/** Beep − flash in ms for each flash that has a beep (positive: sound late). */
export function avOffsets(flashes: number[], beeps: number[], periodMs: number): number[] {
  return avPairs(flashes, beeps, periodMs).map((pair) => pair.offset);
}

/** Mean luma of an I420 picture, from every 8th pixel of every 8th row. */
export function meanLuma(i420: Buffer, width: number, height: number): number {
  let sum = 0;
  let count = 0;
  for (let y = 0; y < height; y += 8) {
    for (let x = 0; x < width; x += 8) {
      sum += i420[y * width + x];
      count++;
    }
  }
  return count ? sum / count : 0;
}

/** RMS of interleaved float samples. */
export function rms(samples: Float32Array): number {
  let sum = 0;
  for (const x of samples) sum += x * x;
  return samples.length ? Math.sqrt(sum / samples.length) : 0;
}
