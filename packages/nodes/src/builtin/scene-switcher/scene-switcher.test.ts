import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import type { AudioBlock, Frame } from '../../sdk/index.ts';
import { createHarness } from '../../harness/index.ts';
import { SceneRegistry, SCENE_REGISTRY_SERVICE } from './registry.ts';
import { sceneSwitcher } from './scene-switcher.ts';

const W = 64;
const H = 36;

/** A solid-colour camera picture as cameras deliver it: a JPEG made by sharp. */
async function camera(source: string, rgb: [number, number, number], seq = 0): Promise<Frame> {
  const data = await sharp({ create: { width: W, height: H, channels: 3, background: { r: rgb[0], g: rgb[1], b: rgb[2] } } }).jpeg({ quality: 95 }).toBuffer();
  return { width: W, height: H, channels: 3, encoding: 'jpeg', data, seq, captureTs: seq, id: `${source}#${seq}` };
}

/** The centre pixel of a program frame, decoded by sharp whatever its encoding. */
async function centre(frame: Frame): Promise<number[]> {
  const input = frame.encoding === 'jpeg' ? sharp(frame.data) : sharp(frame.data, { raw: { width: frame.width, height: frame.height, channels: frame.channels } });
  const { data } = await input.extract({ left: W / 2, top: H / 2, width: 1, height: 1 }).raw().toBuffer({ resolveWithObject: true });
  return [...data.subarray(0, 3)];
}

const near = (actual: number[], expected: number[], tolerance: number) => actual.every((v, i) => Math.abs(v - expected[i]) <= tolerance);

async function setup(config: Record<string, unknown> = {}) {
  const registry = new SceneRegistry();
  let clock = 1_000;
  const node = await createHarness(sceneSwitcher, { config, pipelineId: 'show', nodeId: 'mixer', now: () => clock, services: { [SCENE_REGISTRY_SERVICE]: registry } });
  const red = await camera('cam1', [230, 20, 20]);
  const blue = await camera('cam2', [20, 20, 230]);
  await node.send('in1', red);
  await node.send('in2', blue);
  const switcher = registry.get('show', 'mixer')!;
  return { node, switcher, red, blue, advance: (ms: number) => (clock += ms) };
}

describe('showflow.scene-switcher', () => {
  it('puts input 1 on program and input 2 on preview, then cuts: the program shows the preview’s picture', async () => {
    const { node, switcher, red, blue } = await setup();
    expect(node.last('preview')).toBe(blue);
    expect(node.outputs('program')).toEqual([red]);
    expect(switcher.state()).toMatchObject({ program: 1, preview: 2, transition: null, live: [true, true, false, false] });

    expect(switcher.cue({ action: 'cut' })).toMatchObject({ program: 2, preview: 1 });
    const { program } = await node.send('in2', await camera('cam2', [20, 20, 230], 1));
    expect(near(await centre(program!), [20, 20, 230], 6)).toBe(true);
    // Frames of the input now on preview no longer reach the program.
    expect((await node.send('in1', red)).program).toBeUndefined();
    expect(node.status).toEqual({ level: 'ok', text: 'program 2 · preview 1' });
  });

  it('fades over the configured duration: half way the program is an even mix, then the incoming picture alone', async () => {
    const { node, switcher, advance } = await setup({ fadeMs: 1000 });
    switcher.cue({ action: 'fade' });
    advance(500);
    const mid = (await node.send('in2', await camera('cam2', [20, 20, 230], 1))).program!;
    expect(mid.encoding).toBe('raw');
    const [r, g, b] = await centre(mid);
    expect(near([r, g, b], [125, 20, 125], 8)).toBe(true);
    expect(node.status?.text).toBe('program 1 · preview 2 · fading to 2');

    advance(250);
    const late = await centre((await node.send('in2', await camera('cam2', [20, 20, 230], 2))).program!);
    expect(late[2]).toBeGreaterThan(late[0]); // three quarters of the way: more blue than red

    advance(300);
    const after = (await node.send('in2', await camera('cam2', [20, 20, 230], 3))).program!;
    expect(after.encoding).toBe('jpeg'); // passed through, not mixed
    expect(switcher.state()).toMatchObject({ program: 2, preview: 1, transition: null });
  });

  it('takes cues as events on its cue port, and a fade of 0 ms is a cut', async () => {
    const { node, switcher } = await setup({ fadeMs: 0 });
    await node.send('cue', { kind: 'scene', at: 0, data: { action: 'fade' } });
    expect(switcher.state()).toMatchObject({ program: 2, preview: 1 });
    await node.send('cue', { kind: 'scene', at: 0, data: { action: 'program', scene: 1 } });
    expect(switcher.state()).toMatchObject({ program: 1, preview: 2 });
    await node.send('cue', { kind: 'drop', at: 0, data: { action: 'cut' } }); // another kind of event: ignored
    expect(switcher.state()).toMatchObject({ program: 1 });
  });

  it('refuses a bad cue (SF221) and a take to an input without a picture (SF220), keeping its buses', async () => {
    const { node, switcher } = await setup();
    await expect(node.send('cue', { kind: 'scene', at: 0, data: { action: 'wipe' } })).rejects.toMatchObject({ code: 'SF221' });
    expect(() => switcher.cue({ action: 'preview', scene: 9 })).toThrow(/SF221|input number/);
    switcher.cue({ action: 'preview', scene: 3 });
    expect(() => switcher.cue({ action: 'cut' })).toThrow(expect.objectContaining({ code: 'SF220' }));
    expect(switcher.state()).toMatchObject({ program: 1, preview: 3 });
  });

  it('passes the sound of the scene on program, following the picture half way through a fade', async () => {
    const { node, switcher, advance } = await setup({ fadeMs: 1000 });
    const block = (seq: number): AudioBlock => ({ id: `mic#${seq}`, seq, sampleRate: 48_000, channels: 2, samples: new Float32Array(960), captureTs: seq, clock: 'sender' });
    expect((await node.send('audio1', block(0))).audio).toBeDefined();
    expect((await node.send('audio2', block(1))).audio).toBeUndefined();
    switcher.cue({ action: 'fade' });
    advance(600);
    expect((await node.send('audio2', block(2))).audio).toBeDefined();
    expect((await node.send('audio1', block(3))).audio).toBeUndefined();
  });

  it('leaves the registry when it stops', async () => {
    const registry = new SceneRegistry();
    const node = await createHarness(sceneSwitcher, { pipelineId: 'show', nodeId: 'mixer', services: { [SCENE_REGISTRY_SERVICE]: registry } });
    expect(registry.list('show')).toHaveLength(1);
    await node.dispose();
    expect(registry.list('show')).toHaveLength(0);
  });
});
