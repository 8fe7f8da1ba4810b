/** Test signals at 48 kHz, interleaved, made from formulas so every expected level is known. */
export const RATE = 48_000;

/** A seeded generator (mulberry32): the same noise on every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function dbfs(db: number): number {
  return Math.pow(10, db / 20);
}

/** A sine in every channel: `amplitude` is the peak (Tech 3341 gives levels as peak dBFS). */
export function sine(seconds: number, hz: number, amplitude: number, channels = 2, phase = 0): Float32Array {
  const frames = Math.round(seconds * RATE);
  const out = new Float32Array(frames * channels);
  for (let f = 0; f < frames; f++) {
    const v = amplitude * Math.sin((2 * Math.PI * hz * f) / RATE + phase);
    for (let c = 0; c < channels; c++) out[f * channels + c] = v;
  }
  return out;
}

export function concat(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function whiteNoise(seconds: number, rms: number, channels: number, seed: number): Float32Array {
  const rnd = random(seed);
  const out = new Float32Array(Math.round(seconds * RATE) * channels);
  // Uniform in [-a, a] has RMS a/√3.
  const a = rms * Math.sqrt(3);
  for (let i = 0; i < out.length; i++) out[i] = (rnd() * 2 - 1) * a;
  return out;
}

/**
 * Something speech-like for RNNoise: a voiced buzz (harmonics of a gliding 110–190 Hz pitch,
 * falling 6 dB per octave) shaped by two vowel formants, in 250 ms syllables separated by
 * 150–400 ms pauses. Returns mono samples and a mask of the frames inside a syllable.
 */
export function speechLike(seconds: number, peak: number, seed: number): { samples: Float32Array; voiced: Uint8Array } {
  const rnd = random(seed);
  const frames = Math.round(seconds * RATE);
  const samples = new Float32Array(frames);
  const voiced = new Uint8Array(frames);
  let f = Math.round(0.3 * RATE);
  let phase = 0;
  while (f < frames) {
    const len = Math.round((0.18 + rnd() * 0.15) * RATE);
    const f0a = 110 + rnd() * 80;
    const f0b = 110 + rnd() * 80;
    const formants = [[300 + rnd() * 500, 0], [900 + rnd() * 1400, 0]].map(([hz]) => hz);
    for (let i = 0; i < len && f + i < frames; i++) {
      const t = i / len;
      const f0 = f0a + (f0b - f0a) * t;
      phase += (2 * Math.PI * f0) / RATE;
      let v = 0;
      for (let h = 1; h * f0 < 4000; h++) {
        const hz = h * f0;
        // Formant resonances: harmonics near a formant are louder.
        const boost = formants.reduce((b, fm) => b + 1 / (1 + Math.pow((hz - fm) / 120, 2)), 0.15);
        v += (boost / h) * Math.sin(h * phase);
      }
      const envelope = Math.sin(Math.PI * t) ** 0.5;
      samples[f + i] = v * envelope;
      voiced[f + i] = 1;
    }
    f += len + Math.round((0.15 + rnd() * 0.25) * RATE);
  }
  let max = 0;
  for (const s of samples) max = Math.max(max, Math.abs(s));
  for (let i = 0; i < frames; i++) samples[i] = (samples[i] / max) * peak;
  return { samples, voiced };
}

/** RMS in dBFS of the samples whose frame passes `keep`. */
export function rmsDb(samples: Float32Array, channels = 1, keep: (frame: number) => boolean = () => true): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < samples.length; i++) {
    if (!keep(Math.floor(i / channels))) continue;
    sum += samples[i] * samples[i];
    n++;
  }
  return 10 * Math.log10(sum / n);
}
