import type { Readable } from 'node:stream';
import { AvFeed } from '../encoder/av-feed.ts';
import type { InputPicture } from '../encoder/encoder-settings.ts';
import { ProgramOutError } from '../errors.ts';
import { Backoff } from './backoff.ts';
import { restreamArgs } from './restream-args.ts';
import type { RestreamKeys } from './restream-keys.ts';
import type { RestreamSettings } from './restream-settings.ts';

export interface RestreamStatus {
  state: 'idle' | 'live' | 'reconnecting';
  kbps: number;
  framesDropped: number;
  reconnects: number;
  /** Redacted: never holds the stream key. */
  lastProblem?: string;
  retryInMs?: number;
}

/**
 * One restream destination (RTMP/RTMPS): its own ffmpeg, restarted with backoff when the
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
    private readonly settings: RestreamSettings,
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
        this.lastProblem = `SF639 ${this.keys.redact(detail)}`;
        options.onProblem(`restream to ${settings.url} dropped, retrying in ${Math.round(delay / 1000)} s: ${this.lastProblem}`);
      },
    });
  }

  /** Throws SF640 when the key's secret is missing: nothing is sent without it. */
  checkKey(): void {
    if (!this.keys.get(this.settings.streamKey)) {
      throw new ProgramOutError('SF640', `no stream key: set SHOWFLOW_RESTREAM_KEY_${this.settings.streamKey} in the runtime's environment`);
    }
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
    const destination = `${this.settings.url.replace(/\/$/, '')}/${this.keys.get(this.settings.streamKey)}`;
    return restreamArgs(this.settings, picture, destination);
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
