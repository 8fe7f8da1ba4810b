import { describe, expect, it } from 'vitest';
import { viewerSessions, type StoredSession } from './viewer-session.ts';

/** A Storage in memory, as a browser tab's localStorage behaves. */
function memoryStorage(): Storage {
  const map = new Map<string, string>();
  return {
    get length() {
      return map.size;
    },
    clear: () => map.clear(),
    getItem: (k) => map.get(k) ?? null,
    key: (i) => [...map.keys()][i] ?? null,
    removeItem: (k) => void map.delete(k),
    setItem: (k, v) => void map.set(k, v),
  };
}

const session = (n: number, expiresAt = new Date(Date.now() + 3_600_000).toISOString()): StoredSession => ({ token: `t${n}`, viewerId: `v_${n}`, expiresAt, payments: 'test' });

describe('viewerSessions', () => {
  it('mints once for concurrent callers and keeps the session across page loads', async () => {
    const storage = memoryStorage();
    let minted = 0;
    const mint = async () => session(++minted);
    const first = viewerSessions(mint, storage);
    const [a, b] = await Promise.all([first.get(), first.get()]);
    expect(a.token).toBe('t1');
    expect(b.token).toBe('t1');
    // A reload: a new page reads the stored session instead of minting.
    expect((await viewerSessions(mint, storage).get()).token).toBe('t1');
    expect(minted).toBe(1);
  });

  it('mints again after the shop refused the token or it expired', async () => {
    const storage = memoryStorage();
    let minted = 0;
    const sessions = viewerSessions(async () => session(++minted), storage);
    await sessions.get();
    sessions.forget();
    expect((await sessions.get()).token).toBe('t2');
    storage.setItem('showflow.viewerSession', JSON.stringify(session(9, '2000-01-01T00:00:00.000Z')));
    expect((await viewerSessions(async () => session(++minted), storage).get()).token).toBe('t3');
  });
});
