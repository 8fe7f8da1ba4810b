import type { AnyNodeDefinition } from '@showflow/nodes/sdk';
import { audioFile } from './nodes/audio-file.ts';
import { audioGain } from './nodes/gain.ts';
import { audioMeter } from './nodes/meter.ts';
import { audioMixer } from './nodes/mixer.ts';
import { loudnessNormalize } from './nodes/loudness-normalize.ts';
import { noiseSuppress } from './nodes/noise-suppress.ts';
import { soundEffect } from './nodes/sound-effect.ts';

export { audioFile, audioGain, audioMeter, audioMixer, loudnessNormalize, noiseSuppress, soundEffect };
export { BLOCK_FRAMES, SAMPLE_RATE, checkBlock } from './block.ts';
export { LoudnessMeter, lufsOf } from './dsp/loudness.ts';
export { LoudnessNormalizer } from './dsp/normalizer.ts';
export { TruePeakLimiter } from './dsp/limiter.ts';
export { truePeakOf } from './dsp/true-peak.ts';
export { Rnnoise } from './dsp/rnnoise.ts';
export { AUDIO_SETTINGS_SERVICE, type AudioSettings } from './io/media-path.ts';

/** Every audio node type, for the runtime's catalog. */
export const audioNodes: AnyNodeDefinition[] = [audioFile, soundEffect, audioGain, noiseSuppress, loudnessNormalize, audioMixer, audioMeter];
