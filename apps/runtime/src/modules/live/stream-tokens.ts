import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

const StoredStreams = z.object({
  streams: z.record(z.string(), z.object({ tokenSha256: z.string().regex(/^[0-9a-f]{64}$/), createdAt: z.string() })),
});

export interface StoredStream {
  tokenSha256: string;
  createdAt: string;
}

/** Where stream token digests are kept: this instance's data folder, or the shared database. */
export interface StreamTokens {
  /** Every stream that takes senders (read from memory: listings and metrics ask often). */
  entries(): [string, StoredStream][];
  get(streamId: string): StoredStream | undefined;
  /** Records a new token for the stream, replacing the old one. */
  put(streamId: string, tokenSha256: string): Promise<void>;
  close?(): Promise<void>;
}

/**
 * Stream tokens by stream id, kept as SHA-256 digests in `<dir>/streams.json` so a stream
 * made once survives restarts while the file never holds a usable token.
 */
export class StreamTokenStore implements StreamTokens {
  private constructor(
    private readonly file: string,
    private readonly streams: Map<string, StoredStream>,
  ) {}

  static async open(dir: string): Promise<StreamTokenStore> {
    const file = path.join(dir, 'streams.json');
    let streams = new Map<string, StoredStream>();
    try {
      const parsed = StoredStreams.parse(JSON.parse(await readFile(file, 'utf8')));
      streams = new Map(Object.entries(parsed.streams));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`${file} is not a valid stream list: ${(err as Error).message}`);
    }
    return new StreamTokenStore(file, streams);
  }

  entries(): [string, StoredStream][] {
    return [...this.streams.entries()];
  }

  get(streamId: string): StoredStream | undefined {
    return this.streams.get(streamId);
  }

  async put(streamId: string, tokenSha256: string): Promise<void> {
    this.streams.set(streamId, { tokenSha256, createdAt: new Date().toISOString() });
    await mkdir(path.dirname(this.file), { recursive: true });
    // Written aside and renamed, so a crash never leaves half a file.
    const temp = `${this.file}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify({ streams: Object.fromEntries(this.streams) }, null, 2), { mode: 0o600 });
    await rename(temp, this.file);
  }
}
