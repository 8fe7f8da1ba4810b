import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createHarness, makeTestFrame } from '../harness/index.ts';
import { decodeFrame, encodeJpeg } from '../pixels/index.ts';
import { imageFile } from './image-file.ts';
import { imageSequence } from './image-sequence.ts';

const dir = mkdtempSync(join(tmpdir(), 'showflow-sources-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function writeJpeg(name: string, seq: number, width = 48, height = 32) {
  writeFileSync(join(dir, name), await encodeJpeg(makeTestFrame({ width, height, seq }), 90));
}

describe('showflow.image-file', () => {
  it('decodes a still once and emits it every tick as a new frame', async () => {
    const path = join(dir, 'still.png');
    await sharp({ create: { width: 40, height: 20, channels: 4, background: { r: 10, g: 200, b: 30, alpha: 0.5 } } }).png().toFile(path);
    const h = await createHarness(imageFile, { config: { path }, nodeId: 'still' });
    const a = await h.tick();
    const b = await h.tick();
    expect(a.frame).toMatchObject({ width: 40, height: 20, channels: 3, encoding: 'raw', seq: 0, id: 'still#0' });
    expect(b.frame!.seq).toBe(1);
    expect(b.frame!.data).not.toBe(a.frame!.data);
    expect([...a.frame!.data.subarray(0, 3)]).toEqual([10, 200, 30]);
    expect(h.status).toEqual({ level: 'ok', text: '40×20' });
  });

  it('a missing file sets an error status and emits nothing', async () => {
    const h = await createHarness(imageFile, { config: { path: join(dir, 'nope.png') } });
    expect(await h.tick()).toEqual({});
    expect(await h.tick()).toEqual({});
    expect(h.status?.level).toBe('error');
    expect(h.status?.text).toMatch(/nope\.png/);
    expect(h.errors).toEqual([]);
  });
});

describe('showflow.image-sequence', () => {
  it('plays JPEGs in numeric name order, still encoded, and loops', async () => {
    const seqDir = join(dir, 'seq');
    mkdirSync(seqDir);
    for (const [name, seq] of [['f10.jpg', 10], ['f2.jpg', 2], ['f1.jpg', 1]] as const) {
      writeFileSync(join(seqDir, name), await encodeJpeg(makeTestFrame({ width: 48, height: 32, seq }), 90));
    }
    writeFileSync(join(seqDir, 'notes.txt'), 'ignored');
    const h = await createHarness(imageSequence, { config: { folder: seqDir, loop: true }, nodeId: 'seq' });
    const frames = [];
    for (let i = 0; i < 4; i++) frames.push((await h.tick()).frame!);
    expect(frames.map((f) => f.seq)).toEqual([0, 1, 2, 3]);
    expect(frames[0]).toMatchObject({ encoding: 'jpeg', width: 48, height: 32, channels: 3, id: 'seq#0' });
    // Third file is f10: its blue channel encodes seq 10 (x·7 + y·3 + seq·5).
    const third = await decodeFrame(frames[2]);
    expect(Math.abs(third.data[2] - 50)).toBeLessThan(8);
    expect(frames[3].data.equals(frames[0].data)).toBe(true);
  });

  it('stops at the end without loop, and decodes PNG files to raw', async () => {
    const pngDir = join(dir, 'png');
    mkdirSync(pngDir);
    await sharp({ create: { width: 8, height: 4, channels: 3, background: '#336699' } }).png().toFile(join(pngDir, 'a.png'));
    const h = await createHarness(imageSequence, { config: { folder: pngDir, loop: false } });
    const first = await h.tick();
    expect(first.frame).toMatchObject({ encoding: 'raw', width: 8, height: 4, channels: 3 });
    expect([...first.frame!.data.subarray(0, 3)]).toEqual([0x33, 0x66, 0x99]);
    expect(await h.tick()).toEqual({});
    expect(await h.tick()).toEqual({});
    expect(h.status).toMatchObject({ level: 'idle' });
  });

  it('skips an unreadable file with a warning and a missing folder with an error', async () => {
    const badDir = join(dir, 'bad');
    mkdirSync(badDir);
    writeFileSync(join(badDir, 'a.jpg'), 'not a jpeg');
    await writeJpeg('bad/b.jpg', 1);
    const h = await createHarness(imageSequence, { config: { folder: badDir } });
    expect(await h.tick()).toEqual({});
    expect(h.status?.level).toBe('warn');
    expect((await h.tick()).frame).toBeDefined();
    expect(h.status?.level).toBe('ok');

    const missing = await createHarness(imageSequence, { config: { folder: join(dir, 'absent') } });
    expect(await missing.tick()).toEqual({});
    expect(missing.status?.level).toBe('error');
    expect(missing.errors).toEqual([]);
  });
});
