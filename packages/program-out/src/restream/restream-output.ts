import type { Readable } from 'node:stream';
import { AvFeed } from '../encoder/av-feed.ts';
import type { InputPicture } from '../encoder/encoder-settings.ts';
import { Backoff } from './backoff.ts';
import type { RestreamDestination } from './restream-destination.ts';
import type { RestreamKeys } from './restream-keys.ts';

export interface RestreamStatus {
  /** `connecting`: a WHIP session negotiating (RTMP and SRT go straight to live). */
  state: 'idle' | 'connecting' | 'live' | 'reconnecting';
  kbps: number;
  framesDropped: number;
  reconnects: number;
  /** Redacted: never holds the stream key. */
  lastProblem?: string;
  retryInMs?: number;
}

/**
 * One restream destination (RTMP(S), SRT): its own ffmpeg, restarted with backoff when the
 * destination drops or refuses. The key is read from the runtime's secrets when a run
 * starts and appears nowhere else; ffmpeg's messages are redacted before anyone sees them.
 */
export class RestreamOutput {
  private readonly feed: AvFeed;
  private readonly backoff: Backoff;
  private reconnects = 0;
  private lastProblem: string | undefined;
  private totalBytes = 0;
  private kbps = 0;
  private live = false;

  constructor(
    private readonly destination: RestreamDestination,
    private readonly keys: RestreamKeys,
    options: { ffmpegPath?: string; now?: () => number; onProblem(message: string): void },
  ) {
    const now = options.now ?? (() => performance.timeOrigin + performance.now());
    this.backoff = new Backoff(now);
    this.feed = new AvFeed({
      ffmpegPath: options.ffmpegPath,
      now,
      mayStart: () => this.backoff.mayTry(),
      prepare: async (picture) => this.prepare(picture),
      onStdout: (stdout) => this.readProgress(stdout),
      onExit: (detail) => {
        this.live = false;
        this.kbps = 0;
        this.reconnects++;
        const delay = this.backoff.failed();
        this.lastProblem = `${destination.failureCode} ${this.keys.redact(detail)}`;
        options.onProblem(`restream to ${destination.label} dropped, retrying in ${Math.round(delay / 1000)} s: ${this.lastProblem}`);
      },
    });
  }

  /** Throws when a secret the destination needs is missing: nothing is sent without it. */
  checkKey(): void {
    this.destination.checkSecrets(this.keys);
  }

  writeFrame(i420: Buffer, picture: InputPicture): Promise<void> {
    return this.feed.writeFrame(i420, picture);
  }

  writeAudio(samples: Float32Array, channels: 1 | 2): void {
    this.feed.writeAudio(samples, channels);
  }

  status(): RestreamStatus {
    const c = this.feed.counters;
    const state = this.feed.running ? (this.live ? 'live' : 'idle') : this.reconnects > 0 ? 'reconnecting' : 'idle';
    return {
      state,
      kbps: this.kbps,
      framesDropped: c.framesDropped,
      reconnects: this.reconnects,
      ...(this.lastProblem ? { lastProblem: this.lastProblem } : {}),
      ...(state === 'reconnecting' ? { retryInMs: this.backoff.waitMs() } : {}),
    };
  }

  close(): Promise<void> {
    return this.feed.close();
  }

  private async prepare(picture: InputPicture): Promise<string[]> {
    this.checkKey();
    this.backoff.started();
    this.totalBytes = 0;
    return this.destination.args(picture, this.keys);
  }

  /** `-progress` blocks: key=value lines ending with `progress=continue`, once a second. */
  private readProgress(stdout: Readable): void {
    let lastAt = 0;
    stdout.setEncoding('utf8');
    let buffered = '';
    stdout.on('data', (text: string) => {
      buffered += text;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const [key, value] = line.split('=');
        if (key === 'total_size' && /^\d+$/.test(value ?? '')) {
          const bytes = Number(value);
          const now = Date.now();
          if (lastAt) this.kbps = Math.round(((bytes - this.totalBytes) * 8) / (now - lastAt));
          this.totalBytes = bytes;
          lastAt = now;
          if (bytes > 0) this.live = true;
        }
      }
    });
  }
}
