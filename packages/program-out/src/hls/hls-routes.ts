import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ProgramOutError } from '../errors.ts';
import { HLS_INIT, HLS_PLAYLIST } from '../encoder/ffmpeg-args.ts';
import type { ProgramOutService } from '../service.ts';
import { sendProgramError, setWhepCors } from '../whep/http-util.ts';

const VERSION = /^v[0-9a-z]{1,20}$/;
const FILE = /^(index\.m3u8|init\.mp4|seg_\d{6}\.m4s)$/;

/**
 * HLS for crowds, shaped for CDNs and caching proxies:
 * - `hls/index.m3u8`: the live playlist with every URI pointing into the current version
 *   folder; cached one second (it changes every segment).
 * - `hls/<version>/seg_N.m4s`, `init.mp4`: never change once written, cached for a year
 *   (`immutable`). A new encoder run (restart, new picture size, redeploy) writes a new
 *   version, so no URL is ever reused with different bytes.
 */
export async function handleHls(service: ProgramOutService, req: IncomingMessage, res: ServerResponse, pipelineId: string, rest: string[]): Promise<void> {
  setWhepCors(res);
  try {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD, OPTIONS' }).end();
      return;
    }
    const hls = service.get(pipelineId)?.hls;
    if (!hls) throw new ProgramOutError('SF638', `pipeline ${pipelineId} has no HLS output running`, 404);
    if (rest.length === 1 && rest[0] === HLS_PLAYLIST) {
      const playlist = await readPlaylist(path.join(hls.dir, HLS_PLAYLIST));
      const body = pointInto(playlist, hls.version);
      res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl', 'cache-control': 'public, max-age=1', 'content-length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    const [version, file] = rest;
    if (rest.length !== 2 || !VERSION.test(version) || !FILE.test(file)) throw new ProgramOutError('SF638', 'not an HLS file of this output', 404);
    // Only the current version is on disk; older ones are gone (a cache may still hold them).
    if (version !== hls.version) throw new ProgramOutError('SF638', `HLS version ${version} is no longer served`, 404);
    const filePath = path.join(hls.dir, file);
    const info = await stat(filePath).catch(() => undefined);
    if (!info?.isFile()) throw new ProgramOutError('SF638', `no HLS file ${file} in ${version}`, 404);
    if (file === HLS_PLAYLIST) {
      const body = await readPlaylist(filePath);
      res.writeHead(200, { 'content-type': 'application/vnd.apple.mpegurl', 'cache-control': 'public, max-age=1' });
      res.end(req.method === 'HEAD' ? undefined : body);
      return;
    }
    res.writeHead(200, { 'content-type': file === HLS_INIT ? 'video/mp4' : 'video/iso.segment', 'cache-control': 'public, max-age=31536000, immutable', 'content-length': info.size });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(filePath).on('error', () => res.destroy()).pipe(res);
  } catch (err) {
    sendProgramError(res, err);
  }
}

async function readPlaylist(file: string): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => undefined);
  // ffmpeg writes the playlist after the first segment: until then there is nothing to play.
  if (!text) throw new ProgramOutError('SF638', 'the first HLS segment is not written yet', 404);
  return text;
}

/** Rewrites a version folder's playlist for the stable URL one level up. */
export function pointInto(playlist: string, version: string): string {
  return playlist
    .split('\n')
    .map((line) => {
      if (line.startsWith('#EXT-X-MAP:')) return line.replace(/URI="([^"]+)"/, (_, uri: string) => `URI="${version}/${uri}"`);
      if (line && !line.startsWith('#')) return `${version}/${line}`;
      return line;
    })
    .join('\n');
}
