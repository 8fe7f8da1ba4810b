import type Hls from 'hls.js';
import { NoProgramError } from './whep-play.ts';

export interface HlsPlayback {
  stop(): void;
}

/**
 * HLS through hls.js (MSE), or the browser's own player where it has one (Safari, iOS).
 * Tuned for a live show: start two segments from the live edge, catch up when behind.
 */
export async function playHls(playlistUrl: string, video: HTMLVideoElement, signal: AbortSignal, onFatal: (reason: string) => void): Promise<HlsPlayback> {
  const head = await fetch(playlistUrl, { method: 'HEAD', cache: 'no-store', signal });
  if (head.status === 404) throw new NoProgramError('no HLS output');
  if (!head.ok) throw new Error(`HLS playlist answered ${head.status}`);
  const { default: HlsPlayer } = await import('hls.js');
  if (!HlsPlayer.isSupported()) {
    if (!video.canPlayType('application/vnd.apple.mpegurl')) throw new Error('this browser cannot play HLS');
    video.src = playlistUrl;
    return { stop: () => video.removeAttribute('src') };
  }
  const hls: Hls = new HlsPlayer({ lowLatencyMode: true, liveSyncDurationCount: 2, liveMaxLatencyDurationCount: 5 });
  hls.on(HlsPlayer.Events.ERROR, (_event, data) => {
    if (data.fatal) onFatal(`${data.type}: ${data.details}`);
  });
  hls.loadSource(playlistUrl);
  hls.attachMedia(video);
  return { stop: () => hls.destroy() };
}
