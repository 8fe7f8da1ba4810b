import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Ebur128Summary {
  integratedLufs: number;
  truePeakDbtp: number;
}

/**
 * Measures a file with ffmpeg's `ebur128` filter (libavfilter's own BS.1770 implementation,
 * independent of this package's): integrated loudness and true peak from its summary.
 */
export async function measureWithFfmpeg(file: string): Promise<Ebur128Summary> {
  const { stderr } = await run('ffmpeg', ['-nostdin', '-hide_banner', '-nostats', '-i', file, '-af', 'ebur128=peak=true', '-f', 'null', '-'], { maxBuffer: 64 * 1024 * 1024 });
  const summary = stderr.slice(stderr.lastIndexOf('Summary:'));
  const integrated = /I:\s+(-?[\d.]+|-inf) LUFS/.exec(summary);
  const peak = /True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS/.exec(summary);
  if (!integrated || !peak) throw new Error(`cannot read ffmpeg's ebur128 summary:\n${summary}`);
  return { integratedLufs: Number(integrated[1]), truePeakDbtp: Number(peak[1]) };
}
