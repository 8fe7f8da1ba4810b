import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identityOf } from '../../../src/auth/index.ts';
import { bearer, tokenFor } from '../../fixtures/auth.ts';
import { rest, startCommerceRuntime } from '../commerce.fixture.ts';

const drop = () => {
  const now = Date.now();
  return { sku: 'AUTH', title: 'Signed drop', quantity: 5, priceCents: 1000, currency: 'EUR', startsAt: new Date(now - 1000).toISOString(), endsAt: new Date(now + 600_000).toISOString() };
};

// The commerce REST producer routes ask the runtime's sign-in whether the caller is a producer.
describe('producer REST routes need a producer', () => {
  let rt: Awaited<ReturnType<typeof startCommerceRuntime>>;
  let base: string;

  beforeAll(async () => {
    rt = await startCommerceRuntime();
    base = rt.server.url;
    await (await identityOf(rt.app)).createUser({ name: 'pat', role: 'producer', password: 'pat the producer' });
  }, 180_000);
  afterAll(async () => {
    await rt?.close();
  });

  it('refuses creating a drop without a credential, as a viewer, or with a session cookie but no editor Origin — and stores nothing', { timeout: 60_000 }, async () => {
    const body = drop();
    const key = `auth-drop-${Date.now()}`;
    expect(await rest(base, 'POST', '/api/drops', body, key)).toMatchObject({ status: 403, json: { error: { code: 'SF422' } } });
    expect(await rest(base, 'POST', '/api/drops', body, key, bearer(await tokenFor(rt.app, 'viewer')))).toMatchObject({ status: 403, json: { error: { code: 'SF422' } } });

    const signIn = await fetch(`${base}/trpc/auth.signIn`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' }, body: JSON.stringify({ name: 'pat', password: 'pat the producer' }) });
    const cookie = signIn.headers.get('set-cookie')!.split(';')[0];
    expect((await rest(base, 'POST', '/api/drops', body, key, { cookie })).status).toBe(403);

    // The same key then creates the drop afresh: none of the refused calls stored anything under it.
    const created = await rest(base, 'POST', '/api/drops', body, key, bearer(rt.token));
    expect(created).toMatchObject({ status: 201, replayed: false });
    const funnel = `/api/drops/${created.json.id}/funnel`;
    expect((await rest(base, 'GET', funnel)).status).toBe(403);
    expect((await rest(base, 'GET', funnel, undefined, undefined, { cookie, origin: 'http://localhost:3000' })).status).toBe(200);
    // Viewers keep their public routes.
    expect((await rest(base, 'GET', `/api/drops/${created.json.id}`)).status).toBe(200);
  });
});
