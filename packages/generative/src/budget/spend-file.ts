import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { atomicWrite } from '../fs/atomic-write.ts';

/**
 * Today's spend per creator, kept in `spend/<UTC day>.json` under the data folder so a
 * restart mid-show does not hand every creator a fresh budget.
 */
export class SpendFile {
  readonly #dir: string;
  #pending: { day: string; spent: Record<string, number> } | undefined;
  #writing: Promise<void> | undefined;

  constructor(dataDir: string) {
    this.#dir = path.join(dataDir, 'spend');
  }

  async load(day: string): Promise<{ day: string; spent: Record<string, number> }> {
    try {
      const parsed = JSON.parse(await readFile(this.#file(day), 'utf8')) as unknown;
      const spent: Record<string, number> = {};
      if (parsed && typeof parsed === 'object') {
        for (const [creator, cents] of Object.entries(parsed)) if (typeof cents === 'number' && cents >= 0) spent[creator] = cents;
      }
      return { day, spent };
    } catch {
      return { day, spent: {} };
    }
  }

  /** Coalesces bursts of updates into one write at a time; the last snapshot always lands. */
  save(day: string, spent: Record<string, number>): void {
    this.#pending = { day, spent };
    this.#writing ??= this.#drain();
  }

  /** Resolves once every saved snapshot is on disk. */
  async flush(): Promise<void> {
    while (this.#writing) await this.#writing;
  }

  async #drain(): Promise<void> {
    try {
      while (this.#pending) {
        const { day, spent } = this.#pending;
        this.#pending = undefined;
        // A failed write must not take the show down; the next update tries again.
        await atomicWrite(this.#file(day), JSON.stringify(spent)).catch(() => undefined);
      }
    } finally {
      this.#writing = undefined;
    }
  }

  #file(day: string): string {
    return path.join(this.#dir, `${day}.json`);
  }
}
