import type { Lane } from './types.ts';

/**
 * Admits at most `slots` holders at once, settle-lane waiters first. The adapters put it
 * in front of their connections (one for PGlite, the pool size for PostgreSQL) because
 * both PGlite's mutex and pg's pool queue are FIFO.
 */
export class Lanes {
  private free: number;
  private readonly waiting: Record<Lane, (() => void)[]> = { settle: [], normal: [] };

  constructor(slots: number) {
    this.free = slots;
  }

  async run<T>(lane: Lane, fn: () => Promise<T>): Promise<T> {
    await this.acquire(lane);
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private acquire(lane: Lane): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting[lane].push(resolve));
  }

  private release(): void {
    const next = this.waiting.settle.shift() ?? this.waiting.normal.shift();
    if (next) next();
    else this.free++;
  }
}
