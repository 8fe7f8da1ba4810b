import { constants, existsSync, mkdirSync, openSync, closeSync, chmodSync, readdirSync, statSync, writeFileSync, lstatSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { ShowflowError, type PipelineDocumentInput } from '@showflow/shared';
import { loadCatalog } from '../../src/cli/catalog.ts';
import { createLogger } from '../../src/log.ts';
import { mediaModule } from '../../src/modules/media.ts';
import { commerceModule } from '../../src/modules/commerce.ts';
import { createApp, type ShowflowApp } from '../../src/service/app.ts';
import { importTemplate } from '../../src/templates/index.ts';
import { nodeMetrics, tempDataDir, waitFor } from '../fixtures/app.ts';
import { bombJpeg, makeFifo, snapshot } from '../fixtures/attacks.ts';

const log = createLogger('error');
const env = (dataDir: string) => ({ port: 0, host: '127.0.0.1', dataDir, logLevel: 'error' as const, extraNodesDirs: [] });

/** A source node reading `config` → a sink that drops frames. */
function sourceDocument(id: string, type: string, config: Record<string, unknown>, sink: { type: string; config?: Record<string, unknown> } = { type: 'showflow.null-sink' }): PipelineDocumentInput {
  return {
    schemaVersion: 1,
    id,
    name: id,
    nodes: [
      { id: 'src', type, typeVersion: 1, config, position: { x: 0, y: 0 } },
      { id: 'out', type: sink.type, typeVersion: 1, config: sink.config ?? {}, position: { x: 200, y: 0 } },
    ],
    edges: [{ id: 'e', from: { node: 'src', port: 'frame' }, to: { node: 'out', port: 'frame' } }],
  };
}

/** Whether any process has `fifo` open for reading: opening its write end without blocking fails with ENXIO when none has. */
function fifoHasReader(fifo: string): boolean {
  try {
    closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENXIO') return false;
    throw err;
  }
}

describe('attacks through files: bombs, FIFOs, template paths, sink folders, permissions', () => {
  let app: ShowflowApp;
  let dataDir: string;
  /** Files an attacker placed on the machine, outside anything the runtime owns. */
  let outside: string;

  beforeAll(async () => {
    dataDir = tempDataDir();
    outside = tempDataDir();
    const media = await mediaModule.open(env(dataDir), log);
    app = await createApp({ catalog: await loadCatalog(), dataDir, log, modules: [media] });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('refuses a 12000×12000 JPEG from its header with SF146, in a file source and in an image sequence', async () => {
    const bomb = path.join(outside, 'bomb.jpg');
    writeFileSync(bomb, await bombJpeg());
    await app.deployments.deploy('bomb-file', { document: sourceDocument('bomb-file', 'showflow.image-file', { path: bomb, fps: 10 }) });
    const status = await waitFor(() => {
      const m = nodeMetrics(app, 'bomb-file', 'src');
      return m?.status.level === 'error' ? m.status : undefined;
    }, 'the image file source to refuse the bomb');
    expect(status.text).toContain('SF146');

    const folder = path.join(outside, 'sequence');
    mkdirSync(folder);
    writeFileSync(path.join(folder, '001.jpg'), await bombJpeg());
    writeFileSync(path.join(folder, '002.jpg'), await sharp({ create: { width: 64, height: 36, channels: 3, background: '#336699' } }).jpeg().toBuffer());
    await app.deployments.deploy('bomb-seq', { document: sourceDocument('bomb-seq', 'showflow.image-sequence', { folder, fps: 20 }) });
    const warned = await waitFor(() => {
      const m = nodeMetrics(app, 'bomb-seq', 'src');
      return m?.status.text.includes('SF146') ? m : undefined;
    }, 'the sequence to skip the bomb');
    expect(warned.status.level).toBe('warn');
    // The good picture after it still plays.
    await waitFor(() => (nodeMetrics(app, 'bomb-seq', 'out')?.processed ?? 0) > 0, 'frames after the bomb');
    await app.deployments.delete('bomb-file');
    await app.deployments.delete('bomb-seq');
  });

  it('never opens a FIFO named *.jpg for reading: the source reports SF147 and the sequence skips it', async () => {
    const fifo = path.join(outside, 'camera.jpg');
    makeFifo(fifo);
    await app.deployments.deploy('fifo-file', { document: sourceDocument('fifo-file', 'showflow.image-file', { path: fifo, fps: 10 }) });
    const status = await waitFor(() => {
      const m = nodeMetrics(app, 'fifo-file', 'src');
      return m?.status.level === 'error' ? m.status : undefined;
    }, 'the image file source to refuse the FIFO');
    expect(status.text).toContain('SF147');
    expect(fifoHasReader(fifo)).toBe(false);

    const folder = path.join(outside, 'fifo-sequence');
    mkdirSync(folder);
    makeFifo(path.join(folder, '001.jpg'));
    writeFileSync(path.join(folder, '002.jpg'), await sharp({ create: { width: 64, height: 36, channels: 3, background: '#993366' } }).jpeg().toBuffer());
    await app.deployments.deploy('fifo-seq', { document: sourceDocument('fifo-seq', 'showflow.image-sequence', { folder, fps: 20 }) });
    await waitFor(() => nodeMetrics(app, 'fifo-seq', 'src')?.status.text.includes('SF147'), 'the sequence to skip the FIFO');
    await waitFor(() => (nodeMetrics(app, 'fifo-seq', 'out')?.processed ?? 0) > 0, 'frames after the FIFO');
    expect(fifoHasReader(path.join(folder, '001.jpg'))).toBe(false);
    // The runtime's file I/O still answers (a blocked read would hold a libuv thread for ever).
    expect((await app.store.listPipelines()).map((p) => p.id)).toContain('fifo-seq');
    await app.deployments.delete('fifo-file');
    await app.deployments.delete('fifo-seq');
  });

  it('keeps file sinks inside the media folder: an outside folder fails the node with SF145 and is never created', async () => {
    const evil = path.join(outside, 'written-by-a-template');
    const escape = sourceDocument('sink-escape', 'showflow.synthetic-capture', { width: 64, height: 36, fps: 30 }, { type: 'showflow.file-sink', config: { dir: evil, everyNth: 1 } });
    const attempt = await app.deployments.deploy('sink-escape', { document: escape }).catch((e: unknown) => e);
    if (attempt instanceof Error) expect(`${(attempt as ShowflowError).code} ${attempt.message} ${JSON.stringify((attempt as ShowflowError).problems ?? [])}`).toContain('SF145');
    else await waitFor(() => nodeMetrics(app, 'sink-escape', 'out')?.status.text.includes('SF145'), 'the sink to refuse its folder');
    const climb = sourceDocument('sink-climb', 'showflow.synthetic-capture', { width: 64, height: 36, fps: 30 }, { type: 'showflow.file-sink', config: { dir: '../../climbed', everyNth: 1 } });
    await app.deployments.deploy('sink-climb', { document: climb }).catch(() => undefined);
    // Give both sinks frames to write, then check nothing left the media folder.
    const inside = sourceDocument('sink-inside', 'showflow.synthetic-capture', { width: 64, height: 36, fps: 30 }, { type: 'showflow.file-sink', config: { dir: 'takes', everyNth: 1, maxFiles: 3 } });
    await app.deployments.deploy('sink-inside', { document: inside });
    const takes = path.join(dataDir, 'media', 'takes');
    await waitFor(() => existsSync(takes) && readdirSync(takes).length >= 3, 'frames in the media folder');
    expect(existsSync(evil)).toBe(false);
    expect(existsSync(path.resolve(dataDir, 'media', '../../climbed'))).toBe(false);
    for (const id of ['sink-escape', 'sink-climb', 'sink-inside']) await app.deployments.delete(id).catch(() => undefined);
  });

  describe('template imports', () => {
    const logoPng = () => sharp({ create: { width: 8, height: 8, channels: 4, background: '#ff0000' } }).png().toBuffer();
    const template = (overlayPath: unknown) => ({
      showflowTemplate: 2,
      meta: { name: 'Logo bug', author: 'Studio' },
      parameters: { logo: { type: 'image', label: 'Logo', default: 'logo.png' } },
      requires: [{ package: 'builtin', types: { 'showflow.synthetic-capture': 1, 'showflow.image-overlay': 1, 'showflow.compose': 1, 'showflow.preview': 1 } }],
      pipeline: {
        schemaVersion: 1,
        id: 'logo',
        name: 'Logo bug',
        nodes: [
          { id: 'cam', type: 'showflow.synthetic-capture', typeVersion: 1, config: { width: 320, height: 180 }, position: { x: 0, y: 0 } },
          { id: 'logo', type: 'showflow.image-overlay', typeVersion: 1, config: { path: overlayPath }, position: { x: 0, y: 100 } },
          { id: 'mix', type: 'showflow.compose', typeVersion: 1, config: {}, position: { x: 200, y: 0 } },
          { id: 'out', type: 'showflow.preview', typeVersion: 1, config: {}, position: { x: 400, y: 0 } },
        ],
        edges: [
          { id: 'a', from: { node: 'cam', port: 'frame' }, to: { node: 'mix', port: 'frame' } },
          { id: 'b', from: { node: 'logo', port: 'image' }, to: { node: 'mix', port: 'overlay' } },
          { id: 'c', from: { node: 'mix', port: 'out' }, to: { node: 'out', port: 'frame' } },
        ],
      },
    });
    const bound = template({ $param: 'logo' });

    async function refusedImport(input: Parameters<typeof importTemplate>[1]): Promise<ShowflowError> {
      const before = snapshot(dataDir);
      const err = await importTemplate(app, input, outside).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ShowflowError);
      expect(snapshot(dataDir)).toEqual(before);
      return err as ShowflowError;
    }

    it('refuses image values outside the template folder and the assets with SF143, and writes nothing', async () => {
      writeFileSync(path.join(outside, 'secret.png'), await logoPng());
      for (const value of [path.join(outside, 'secret.png'), '/etc/hostname', '../../../../etc/hostname', 'sub/../../secret.png']) {
        const err = await refusedImport({ template: bound, values: { logo: value } });
        expect(err.problems, value).toEqual([expect.objectContaining({ code: 'SF143', path: ['values', 'logo'] })]);
      }
      // A literal path in a node config, with no parameter at all, is held to the same rule.
      const literal = await refusedImport({ template: template('/etc/hostname'), values: { logo: `data:image/png;base64,${(await logoPng()).toString('base64')}` } });
      expect(literal.problems).toEqual([expect.objectContaining({ code: 'SF143', path: ['pipeline', 'nodes', 1, 'config', 'path'], nodeId: 'logo' })]);
    });

    it('checks data URLs and files by their bytes: 20 MB of non-image, a lying type, a FIFO are refused (SF144, SF147)', async () => {
      const junk = `data:image/png;base64,${Buffer.alloc(20 * 1024 * 1024, 0x41).toString('base64')}`;
      expect((await refusedImport({ template: bound, values: { logo: junk } })).problems[0].code).toBe('SF144');
      const lying = `data:image/png;base64,${Buffer.from('#!/bin/sh\necho not a picture\n').toString('base64')}`;
      expect((await refusedImport({ template: bound, values: { logo: lying } })).problems[0]).toMatchObject({ code: 'SF144', path: ['values', 'logo'] });
      const jpegAsPng = `data:image/png;base64,${(await sharp({ create: { width: 4, height: 4, channels: 3, background: '#000' } }).jpeg().toBuffer()).toString('base64')}`;
      expect((await refusedImport({ template: bound, values: { logo: jpegAsPng } })).problems[0].code).toBe('SF144');
      // An uploaded template reads relative paths in the runtime's assets folder; a FIFO there is refused unopened.
      mkdirSync(path.join(dataDir, 'assets'), { recursive: true });
      makeFifo(path.join(dataDir, 'assets', 'pipe.png'));
      expect((await refusedImport({ template: bound, values: { logo: 'pipe.png' } })).problems[0].code).toBe('SF147');
      expect(fifoHasReader(path.join(dataDir, 'assets', 'pipe.png'))).toBe(false);
    });

    it('imports a real PNG data URL as one private asset', async () => {
      const made = await importTemplate(app, { template: bound, values: { logo: `data:image/png;base64,${(await logoPng()).toString('base64')}` } }, outside);
      const draft = (await app.deployments.get(made.id)).document;
      const file = draft.nodes.find((n) => n.id === 'logo')!.config.path as string;
      expect(path.dirname(file)).toBe(path.join(dataDir, 'assets'));
      expect(statSync(file).mode & 0o777).toBe(0o600);
    });
  });
});

describe('data folder permissions', () => {
  it('makes a data folder created beforehand with 0755 private: folders 0700, files 0600, orders database included', async () => {
    const saved = { url: process.env.DATABASE_URL, dir: process.env.SHOWFLOW_COMMERCE_DIR };
    // The embedded orders database (PGlite) is the case that wrote 0666 files.
    delete process.env.DATABASE_URL;
    delete process.env.SHOWFLOW_COMMERCE_DIR;
    const dataDir = tempDataDir();
    chmodSync(dataDir, 0o755);
    mkdirSync(path.join(dataDir, 'commerce'), { mode: 0o755 });
    chmodSync(path.join(dataDir, 'commerce'), 0o755);
    writeFileSync(path.join(dataDir, 'notes.json'), '{}', { mode: 0o644 });
    chmodSync(path.join(dataDir, 'notes.json'), 0o666);
    const commerce = await commerceModule.open(env(dataDir), log);
    const app = await createApp({ catalog: await loadCatalog(), dataDir, log, modules: [commerce] });
    try {
      const service = app.services.get('commerce') as { getDrop(id: string): Promise<unknown> };
      await service.getDrop('no-such-drop').catch(() => undefined);
      await app.deployments.create({ name: 'Private', id: 'private' });
      const wrong: string[] = [];
      const pending = [dataDir];
      let files = 0;
      while (pending.length) {
        const dir = pending.pop()!;
        if ((lstatSync(dir).mode & 0o777) !== 0o700) wrong.push(`${dir} ${(lstatSync(dir).mode & 0o777).toString(8)}`);
        for (const e of readdirSync(dir, { withFileTypes: true })) {
          const full = path.join(dir, e.name);
          if (e.isDirectory()) pending.push(full);
          else if (e.isFile()) {
            files++;
            if ((lstatSync(full).mode & 0o777) !== 0o600) wrong.push(`${full} ${(lstatSync(full).mode & 0o777).toString(8)}`);
          }
        }
      }
      expect(readdirSync(path.join(dataDir, 'commerce')).length).toBeGreaterThan(0);
      expect(files).toBeGreaterThan(3);
      expect(wrong).toEqual([]);
    } finally {
      await app.close();
      if (saved.url !== undefined) process.env.DATABASE_URL = saved.url;
      if (saved.dir !== undefined) process.env.SHOWFLOW_COMMERCE_DIR = saved.dir;
    }
    // Embedded PostgreSQL (PGlite) takes a while to start on a busy machine.
  }, 180_000);
});
