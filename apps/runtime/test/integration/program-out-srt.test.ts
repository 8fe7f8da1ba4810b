import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import dgram from 'node:dgram';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '@showflow/live/testing';
import { PipelineDocument } from '@showflow/shared';
import type { RuntimeServer } from '../../src/api/http.ts';
import type { ShowflowApp } from '../../src/service/app.ts';
import { programOutRuntime } from '../fixtures/program-out.ts';

const run = promisify(execFile);
const PIPELINE = 'program-srt';
const PASSPHRASE = `srt-${randomBytes(12).toString('hex')}`;

const node = (id: string, type: string, config: Record<string, unknown>, x: number, y = 0) => ({ id, type, typeVersion: 1, config, position: { x, y } });

async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** An SRT listener as a venue or gateway runs it: ffmpeg receiving with the passphrase, recording MPEG-TS. */
function listen(port: number, file: string): ChildProcess {
  return spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', `srt://127.0.0.1:${port}?mode=listener&passphrase=${PASSPHRASE}`, '-c', 'copy', '-f', 'mpegts', file], { stdio: 'ignore' });
}

async function stopListener(listener: ChildProcess): Promise<void> {
  if (listener.exitCode !== null || listener.signalCode !== null) return;
  const exited = new Promise((resolve) => listener.once('exit', resolve));
  listener.kill('SIGKILL');
  await exited;
}

async function probeStreams(file: string): Promise<string[]> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name', '-of', 'csv=p=0', file]);
  // MPEG-TS lists each stream again under its program: one entry per distinct stream.
  return [...new Set(stdout.split('\n').map((l) => l.trim()).filter(Boolean))].sort();
}

describe('SRT out to an ffmpeg listener', () => {
  let app: ShowflowApp;
  let server: RuntimeServer;
  let dir: string;
  let port: number;
  let listener: ChildProcess | undefined;
  const status = () => app.engine.metrics(PIPELINE)?.nodes.find((n) => n.nodeId === 'srt')?.status.text ?? '';
  const size = async (file: string) => (await stat(file).catch(() => undefined))?.size ?? 0;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sf-srt-'));
    port = await freeUdpPort();
    listener = listen(port, path.join(dir, 'first.ts'));
    ({ app, server } = await programOutRuntime({ SHOWFLOW_RESTREAM_KEY_VENUE: PASSPHRASE, SHOWFLOW_RESTREAM_KEY_SHORT: 'too-short' }));
    await app.deployments.save(
      PipelineDocument.parse({
        schemaVersion: 1,
        id: PIPELINE,
        name: 'SRT contribution',
        nodes: [
          node('picture', 'test.moving-picture', {}, 0),
          node('tone', 'showflow.audio-file', { path: 'tone.wav' }, 0, 150),
          node('srt', 'showflow.srt-out', { url: `srt://127.0.0.1:${port}`, passphrase: 'VENUE', width: 640, height: 360, videoKbps: 800, preset: 'ultrafast' }, 300),
        ],
        edges: [
          { id: 'e1', from: { node: 'picture', port: 'frame' }, to: { node: 'srt', port: 'frame' } },
          { id: 'e2', from: { node: 'tone', port: 'out' }, to: { node: 'srt', port: 'audio' } },
        ],
      }),
    );
    await app.deployments.deploy(PIPELINE);
  }, 60_000);

  afterAll(async () => {
    if (listener) await stopListener(listener);
    await server?.close();
    await app?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends encrypted H.264 + AAC, reconnects after the listener goes away, and never shows the passphrase', async () => {
    const first = path.join(dir, 'first.ts');
    await waitFor(async () => (await size(first)) > 100_000, 'the listener to record 100 KB', 60_000);
    expect(await probeStreams(first)).toEqual(['aac,audio', 'h264,video']);
    await waitFor(() => /^live · \d+\.\d\d Mbit\/s · \d+ dropped · 0 reconnects$/.test(status()), 'a live status with bitrate', 20_000);

    // The listener goes away: the node says so and retries with backoff; back, it goes live again.
    await stopListener(listener!);
    await waitFor(() => status().startsWith('reconnecting in'), 'the node to report reconnecting', 45_000);
    expect(status()).toMatch(/SF642/);
    const second = path.join(dir, 'second.ts');
    listener = listen(port, second);
    await waitFor(async () => (await size(second)) > 50_000, 'the restarted listener to record again', 90_000);
    await waitFor(() => /^live · .* · [1-9]\d* reconnects?$/.test(status()), 'the node to come back live', 30_000);

    expect(status()).not.toContain(PASSPHRASE);
    expect(JSON.stringify(await app.deployments.get(PIPELINE))).not.toContain(PASSPHRASE);
    for (const n of app.engine.metrics(PIPELINE)!.nodes) expect(JSON.stringify(n)).not.toContain(PASSPHRASE);
  }, 240_000);

  it('refuses a passphrase secret that is not set or too short, with codes, and the runtime keeps running', async () => {
    const document = (passphrase: string) =>
      PipelineDocument.parse({
        schemaVersion: 1,
        id: `${PIPELINE}-bad-${passphrase.toLowerCase()}`,
        name: 'SRT without a usable passphrase',
        nodes: [node('picture', 'test.moving-picture', {}, 0), node('srt', 'showflow.srt-out', { url: `srt://127.0.0.1:${port}`, passphrase }, 300)],
        edges: [{ id: 'e1', from: { node: 'picture', port: 'frame' }, to: { node: 'srt', port: 'frame' } }],
      });
    for (const [name, code] of [['MISSING', 'SF643'], ['SHORT', 'SF644']] as const) {
      const doc = document(name);
      await app.deployments.save(doc);
      const failure = await app.deployments.deploy(doc.id).then(
        () => JSON.stringify(app.engine.metrics(doc.id)?.nodes.find((n) => n.nodeId === 'srt')?.status ?? {}),
        (error: unknown) => String(error),
      );
      expect(failure).toContain(code);
      expect(failure).not.toContain('too-short');
    }
    expect(status()).toMatch(/^live|^reconnecting/);
  }, 60_000);
});
