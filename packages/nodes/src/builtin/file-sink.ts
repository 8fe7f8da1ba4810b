import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { defineNode } from '../sdk/index.ts';
import { encodeJpeg } from '../pixels/index.ts';
import { mediaDirOf, sinkFolder } from './media-folder.ts';

const config = z.object({
  /** A folder inside the runtime's media folder (SHOWFLOW_MEDIA_DIR); absolute paths and `..` may not leave it. */
  dir: z.string().min(1).default('showflow-frames'),
  /** Keeps one frame in N (by sequence number); 1 writes every frame. */
  everyNth: z.number().int().min(1).default(30),
  quality: z.number().int().min(1).max(100).default(85),
  prefix: z.string().regex(/^[A-Za-z0-9_-]*$/, 'letters, digits, - and _').default('frame'),
  /** Stops writing after this many files, so a forgotten sink cannot fill the disk. */
  maxFiles: z.number().int().min(1).default(10_000),
});

export const fileSink = defineNode({
  type: 'showflow.file-sink',
  typeVersion: 1,
  title: 'File sink',
  category: 'output',
  description: 'Writes every Nth frame as JPEG to a folder inside the media folder (frames already in JPEG are written as they are).',
  inputs: { frame: { type: 'frame' } },
  outputs: {},
  config,
  budgetMs: 30,
  setup: (ctx) => {
    // Refused at deploy: the node fails to start and says why, and nothing is ever written.
    const folder = sinkFolder(ctx.config.dir, mediaDirOf(ctx.services));
    return { folder, ready: false, written: 0, failing: '' };
  },
  async run(ctx) {
    const frame = ctx.inputs.frame;
    const { state, config } = ctx;
    const dir = state.folder;
    if (!frame || frame.seq % config.everyNth !== 0) return;
    if (state.written >= config.maxFiles) {
      if (state.written === config.maxFiles) ctx.setStatus('warn', `stopped after ${config.maxFiles} files`);
      state.written++;
      return;
    }
    const bytes = await encodeJpeg(frame, config.quality);
    const path = join(dir, `${config.prefix}-${String(frame.seq).padStart(6, '0')}.jpg`);
    try {
      if (!state.ready) await mkdir(dir, { recursive: true });
      state.ready = true;
      await writeFile(path, bytes);
    } catch (err) {
      // A full or read-only disk is reported once per distinct failure, not thrown per frame.
      const message = `cannot write ${path}: ${(err as Error).message}`;
      const kind = `${(err as NodeJS.ErrnoException).code ?? 'error'} in ${dir}`;
      if (kind !== state.failing) ctx.log.error(message);
      state.failing = kind;
      state.ready = false;
      ctx.setStatus('error', message);
      return;
    }
    state.written++;
    if (state.failing || state.written === 1 || state.written % 100 === 0) ctx.setStatus('ok', `${state.written} files in ${dir}`);
    state.failing = '';
  },
});
