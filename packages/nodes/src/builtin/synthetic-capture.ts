import { z } from 'zod';
import { defineNode, type Frame } from '../sdk/index.ts';
import { SyntheticScene } from '../pixels/index.ts';

const config = z.object({
  width: z.number().int().min(16).max(3840).default(1280),
  height: z.number().int().min(16).max(2160).default(720),
  fps: z.number().min(1).max(120).default(30),
  /** Standard deviation of sensor-like noise, in 8-bit levels. */
  noise: z.number().min(0).max(50).default(6),
  seed: z.number().int().default(1),
});

export const syntheticCapture = defineNode({
  type: 'showflow.synthetic-capture',
  typeVersion: 1,
  title: 'Synthetic capture',
  category: 'source',
  description:
    'A moving test scene (colour bars, a moving disc, a timecode) with adjustable noise. `frame` is the noisy picture, `clean` the same picture without noise, as ground truth for PSNR.',
  inputs: {},
  outputs: {
    frame: { type: 'frame', label: 'noisy' },
    clean: { type: 'frame', label: 'clean' },
  },
  config,
  budgetMs: 10,
  source: { intervalMs: (c) => 1000 / c.fps },
  setup: (ctx) => ({ scene: new SyntheticScene(ctx.config) }),
  run(ctx) {
    const { scene } = ctx.state;
    const { width, height } = scene;
    const seq = ctx.tick;
    const captureTs = ctx.now();
    const clean = ctx.frames.alloc(scene.byteLength);
    const noisy = ctx.frames.alloc(scene.byteLength);
    scene.renderClean(seq, clean);
    scene.addNoise(seq, clean, noisy);
    const frame = (data: Buffer, id: string): Frame => ({ width, height, channels: 3, encoding: 'raw', data, seq, captureTs, id });
    return { frame: frame(noisy, `${ctx.nodeId}#${seq}`), clean: frame(clean, `${ctx.nodeId}:clean#${seq}`) };
  },
});
