import { execFileSync } from 'node:child_process';

export type VideoCodec = 'vp8' | 'vp9' | 'h264' | 'av1';

/**
 * ffmpeg decoders that can take each video codec, best first (the native `av1` decoder needs
 * hardware). Opus audio is decoded in process (see opus-packet-decoder.ts), not by ffmpeg.
 */
const DECODERS: Record<VideoCodec, string[]> = {
  vp8: ['vp8', 'libvpx'],
  vp9: ['vp9', 'libvpx-vp9'],
  h264: ['h264'],
  av1: ['libdav1d', 'libaom-av1'],
};

const probed = new Map<string, Set<string>>();

/** The decoder names this ffmpeg build lists; empty when ffmpeg cannot run. Cached per path. */
function ffmpegDecoders(ffmpegPath: string): Set<string> {
  let names = probed.get(ffmpegPath);
  if (!names) {
    names = new Set();
    try {
      const listing = execFileSync(ffmpegPath, ['-hide_banner', '-decoders'], { encoding: 'utf8', timeout: 10_000, stdio: ['ignore', 'pipe', 'ignore'] });
      for (const line of listing.split('\n')) {
        const match = /^\s*[VAS][.A-Z]{5}\s+(\S+)/.exec(line);
        if (match) names.add(match[1]);
      }
    } catch {
      // No ffmpeg: no track can be decoded, so none is offered.
    }
    probed.set(ffmpegPath, names);
  }
  return names;
}

/** The ffmpeg decoder to use for a codec, or undefined when this build has none. */
export function decoderFor(ffmpegPath: string, codec: VideoCodec): string | undefined {
  const available = ffmpegDecoders(ffmpegPath);
  return DECODERS[codec].find((name) => available.has(name));
}

export function supportedVideoCodecs(ffmpegPath: string): VideoCodec[] {
  return (['vp8', 'vp9', 'h264', 'av1'] as const).filter((codec) => decoderFor(ffmpegPath, codec));
}

export function videoCodecOfMime(mimeType: string): VideoCodec | undefined {
  const name = mimeType.toLowerCase().replace(/^video\//, '');
  return name === 'vp8' || name === 'vp9' || name === 'h264' || name === 'av1' ? name : undefined;
}
