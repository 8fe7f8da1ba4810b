import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createHarness, makeTestFrame, makeTestJpeg } from '../harness/index.ts';
import { fileSink } from './file-sink.ts';
import { nullSink } from './null-sink.ts';
import { preview } from './preview.ts';

const dir = mkdtempSync(join(tmpdir(), 'showflow-sinks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('showflow.file-sink', () => {
  it('writes every Nth frame as a JPEG named by seq', async () => {
    const out = join(dir, 'frames');
    const h = await createHarness(fileSink, { config: { dir: out, everyNth: 2, prefix: 'cam' } });
    for (let seq = 0; seq < 5; seq++) await h.send('frame', makeTestFrame({ width: 32, height: 18, seq }));
    await h.send('frame', await makeTestJpeg({ width: 32, height: 18, seq: 6 }));
    expect(readdirSync(out).sort()).toEqual(['cam-000000.jpg', 'cam-000002.jpg', 'cam-000004.jpg', 'cam-000006.jpg']);
    expect(await sharp(join(out, 'cam-000002.jpg')).metadata()).toMatchObject({ format: 'jpeg', width: 32, height: 18 });
    expect(h.status?.level).toBe('ok');
  });

  it('reports an unwritable folder as a status, not a throw', async () => {
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, 'x');
    const h = await createHarness(fileSink, { config: { dir: join(blocker, 'sub'), everyNth: 1 } });
    await h.send('frame', makeTestFrame({ seq: 0 }));
    await h.send('frame', makeTestFrame({ seq: 1 }));
    expect(h.errors).toEqual([]);
    expect(h.status?.level).toBe('error');
    expect(h.logs.filter((l) => l.level === 'error')).toHaveLength(1);
  });

  it('stops after maxFiles', async () => {
    const out = join(dir, 'capped');
    const h = await createHarness(fileSink, { config: { dir: out, everyNth: 1, maxFiles: 2 } });
    for (let seq = 0; seq < 4; seq++) await h.send('frame', makeTestFrame({ width: 8, height: 8, seq }));
    expect(readdirSync(out)).toHaveLength(2);
    expect(h.status?.level).toBe('warn');
  });
});

describe('showflow.preview and showflow.null-sink', () => {
  it('preview shows the resolution and the measured frame rate', async () => {
    let clock = 0;
    const h = await createHarness(preview, { now: () => clock });
    for (let i = 0; i <= 30; i++) {
      clock = i * 40;
      await h.send('frame', makeTestFrame({ width: 64, height: 36, seq: i }));
    }
    expect(h.status?.text).toBe('program 64×36 · 25.0 fps');
    expect(h.emissions).toEqual([]);
  });

  it('null sink accepts frames and emits nothing', async () => {
    let clock = 0;
    const h = await createHarness(nullSink, { now: () => clock });
    for (let i = 0; i <= 10; i++) {
      clock = i * 100;
      await h.send('frame', makeTestFrame({ seq: i }));
    }
    expect(h.emissions).toEqual([]);
    expect(h.status?.text).toMatch(/11 frames · 10\.0 fps/);
  });
});
