import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileIdentityStore } from './file-identity-store.ts';
import { Identity } from './identity.ts';

const HOUR = 3600_000;

/** An identity over a real file store, on a clock the test moves. */
async function identityAt(start: number) {
  const clock = { now: start };
  const store = await FileIdentityStore.open(path.join(mkdtempSync(path.join(tmpdir(), 'sf-slide-')), 'auth'));
  const identity = new Identity(store, { sessionTtlMs: 12 * HOUR, sessionMaxMs: 3 * 24 * HOUR, now: () => clock.now });
  await identity.createUser({ name: 'ada', role: 'producer', password: 'a long enough password' });
  const { session } = await identity.signIn('ada', 'a long enough password', 'test');
  return { clock, identity, session };
}

describe('sessions slide while used', () => {
  it('stay signed in while used within the idle time, and end after it unused', async () => {
    const { clock, identity, session } = await identityAt(Date.now());
    // Used every 10 hours: 40 hours after sign-in, well past a fixed 12-hour life.
    for (let i = 0; i < 4; i++) {
      clock.now += 10 * HOUR;
      await expect(identity.sessionCaller(session)).resolves.toMatchObject({ kind: 'user', name: 'ada' });
    }
    clock.now += 12 * HOUR + 1000;
    await expect(identity.sessionCaller(session)).rejects.toMatchObject({ code: 'SF314' });
  });

  it('end at the cap after sign-in however often they are used', async () => {
    const signedInAt = Date.now();
    const { clock, identity, session } = await identityAt(signedInAt);
    while (clock.now + 6 * HOUR < signedInAt + 3 * 24 * HOUR) {
      clock.now += 6 * HOUR;
      await expect(identity.sessionCaller(session)).resolves.toMatchObject({ kind: 'user' });
    }
    clock.now = signedInAt + 3 * 24 * HOUR + 1000;
    await expect(identity.sessionCaller(session)).rejects.toMatchObject({ code: 'SF314' });
  });

  it('write the session at most once per slide step, not on every request', async () => {
    const { clock, identity, session } = await identityAt(Date.now());
    const store = identity.store;
    let writes = 0;
    const put = store.putSession.bind(store);
    store.putSession = async (record) => {
      writes++;
      await put(record);
    };
    for (let i = 0; i < 20; i++) {
      clock.now += 10_000;
      await identity.sessionCaller(session);
    }
    expect(writes).toBe(0);
    clock.now += 5 * 60_000;
    await identity.sessionCaller(session);
    expect(writes).toBe(1);
  });
});
