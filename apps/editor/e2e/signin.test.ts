import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshot } from './support/canvas.ts';
import { startShow, type Show } from './support/stack.ts';

/** Reads `events` server-sent events from a same-origin URL inside the page (cookies and all). */
function readEvents(page: Page, url: string, events: number) {
  return page.evaluate(
    async ({ url, events }) => {
      const res = await fetch(url, { headers: { accept: 'text/event-stream' } });
      if (!res.body || !(res.headers.get('content-type') ?? '').includes('text/event-stream')) return { status: res.status, data: [] as string[] };
      const reader = res.body.getReader();
      const decoder = new TextDecoder();
      const data: string[] = [];
      let buffer = '';
      while (data.length < events) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        const lines = buffer.split('\n');
        buffer = lines.pop()!;
        for (const line of lines) if (line.startsWith('data: ') && line.includes('"nodes"')) data.push(line);
      }
      await reader.cancel();
      return { status: res.status, data };
    },
    { url, events },
  );
}

// A producer opens the editor signed out, signs in through the page, works, and signs out.
describe('signing in to the editor', () => {
  let show: Show;
  let page: Page;
  const tid = (id: string) => page.getByTestId(id);

  beforeAll(async () => {
    show = await startShow({ signedOut: true });
    page = show.page;
  });
  afterAll(() => show?.stop());

  it('shows a clear signed-out state and refuses the API without a session', async () => {
    await page.goto(show.editor.url);
    await tid('signed-out').waitFor();
    await expect(tid('pipeline-list').count()).resolves.toBe(0);
    const status = await page.evaluate(async () => (await fetch('/trpc/pipelines.list')).status);
    expect(status).toBe(401);
    await screenshot(page, 'signin-01-signed-out');
  });

  it('refuses a wrong password with the reason, then signs in and returns to the page asked for', async () => {
    await tid('go-sign-in').click();
    await page.waitForURL(/\/signin\?next=%2F$/);
    await tid('sign-in-name').fill(show.runtime.credentials.owner.name);
    await tid('sign-in-password').fill('not the password');
    await tid('sign-in-submit').click();
    await expect.poll(() => tid('sign-in-error').textContent()).toMatch(/wrong user name or password/);
    await tid('sign-in-password').fill(show.runtime.credentials.owner.password);
    await screenshot(page, 'signin-02-form');
    await tid('sign-in-submit').click();
    await page.waitForURL(`${show.editor.url}/`);
    await tid('pipeline-studio-demo').waitFor();
    await expect(tid('session-badge').textContent()).resolves.toMatch(/owner/);
    await screenshot(page, 'signin-03-signed-in');
  });

  it('keeps the session in an HttpOnly, SameSite=Strict cookie of the editor’s own site', async () => {
    const cookies = await page.context().cookies(show.editor.url);
    const session = cookies.find((c) => c.name === 'showflow_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', secure: false, path: '/' });
    expect(session!.domain).toBe(new URL(show.editor.url).hostname);
    expect(await page.evaluate(() => document.cookie)).not.toContain('showflow_session');
  });

  it('streams live metrics (SSE) through the editor with the session cookie', async () => {
    const input = encodeURIComponent(JSON.stringify({ pipelineId: 'studio-demo' }));
    const stream = await readEvents(page, `/trpc/metrics.live?input=${input}`, 2);
    expect(stream.status).toBe(200);
    expect(stream.data).toHaveLength(2);
  });

  it('lets the owner create and revoke an API token on the Access page', async () => {
    await tid('open-access').click();
    await page.waitForURL(/\/access$/);
    await tid('token-name').fill('ci');
    await tid('create-token').click();
    const shown = (await tid('new-token').locator('code').textContent())!;
    expect(shown).toMatch(/^sft_[\w-]{43}$/);
    const list = (token: string) => fetch(`${show.runtime.url}/trpc/pipelines.list`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
    expect(await list(shown)).toBe(200);
    await screenshot(page, 'signin-05-access');
    await tid('revoke-ci').click();
    await expect.poll(() => tid('token-ci').textContent()).toMatch(/revoked/);
    expect(await list(shown)).toBe(401);
    await page.goto(show.editor.url);
    await tid('pipeline-studio-demo').waitFor();
  });

  it('signs out: the page says so and the API refuses the old cookie', async () => {
    const before = await page.context().cookies(show.editor.url);
    const old = before.find((c) => c.name === 'showflow_session')!.value;
    await tid('sign-out').click();
    await tid('signed-out').waitFor();
    await screenshot(page, 'signin-04-signed-out-again');
    const status = await fetch(`${show.runtime.url}/trpc/pipelines.list`, { headers: { cookie: `showflow_session=${old}` } }).then((r) => r.status);
    expect(status).toBe(401);
  });
});
