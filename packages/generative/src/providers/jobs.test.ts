import { afterEach, describe, expect, it } from 'vitest';
import { json, startFakeServer, type FakeHandler, type FakeServer } from '../../test/fake-server.ts';
import { samplePng } from '../../test/png-fixture.ts';
import { Secret } from '../secret.ts';
import { JobsProvider, type JobsProviderOptions } from './jobs.ts';

const request = { prompt: 'a neon fox', style: 'comic', width: 64, height: 64, seed: 9 };
const KEY = 'jobs-key-ABCDEFGHIJKLMNOP';
let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function provider(handler: FakeHandler, options: Partial<JobsProviderOptions> = {}) {
  server = await startFakeServer(handler);
  return new JobsProvider({ baseUrl: server.url, apiKey: new Secret(KEY), timeoutMs: 1_000, jobTimeoutMs: 5_000, pollIntervalMs: 10, maxRetries: 2, backoffMs: 5, ...options });
}
const call = (p: JobsProvider, deadline?: number) => p.generate(request, { signal: AbortSignal.timeout(10_000), deadline });

/** A job server whose job finishes after `pendingPolls` polls with the given final answer. */
function jobServer(pendingPolls: number, final: (res: Parameters<FakeHandler>[1], s: FakeServer) => void): FakeHandler {
  let polls = 0;
  return (req, res, s) => {
    if (req.method === 'POST' && req.url === '/v1/jobs') return json(res, 202, { id: 'job-1' });
    if (req.method === 'GET' && req.url === '/v1/jobs/job-1') {
      if (++polls <= pendingPolls) return json(res, 200, { status: polls === 1 ? 'queued' : 'running' });
      return final(res, s);
    }
    json(res, 404, { error: 'no route' });
  };
}

describe('JobsProvider against a local server', () => {
  it('submits, polls until done and decodes the result', async () => {
    const png = await samplePng();
    const p = await provider(jobServer(3, (res) => json(res, 200, { status: 'succeeded', result: { b64_json: png.toString('base64') } })));
    const image = await call(p);
    expect(image.bytes.equals(png)).toBe(true);
    expect(image).toMatchObject({ provider: 'jobs', width: 64, height: 64 });
    expect(JSON.parse(server!.requests[0].body)).toEqual({ model: 'default', prompt: 'a neon fox', style: 'comic', width: 64, height: 64, seed: 9 });
    expect(server!.requests.filter((r) => r.method === 'GET')).toHaveLength(4);
    expect(server!.requests.every((r) => r.headers.authorization === `Bearer ${KEY}`)).toBe(true);
  });

  it('follows status_url and fetches a result url', async () => {
    const png = await samplePng('#0000ff');
    const p = await provider((req, res, s) => {
      if (req.method === 'POST') return json(res, 201, { id: 'j2', status_url: '/custom/status/j2' });
      if (req.url === '/custom/status/j2') return json(res, 200, { status: 'completed', result: { url: `${s.url}/out/j2.png` } });
      if (req.url === '/out/j2.png') return void res.writeHead(200, { 'content-type': 'image/png' }).end(png);
      json(res, 404, {});
    });
    expect((await call(p)).bytes.equals(png)).toBe(true);
  });

  it('reports a failed job as SF503 with its reason', async () => {
    const p = await provider(jobServer(1, (res) => json(res, 200, { status: 'failed', error: { message: 'NSFW filter tripped' } })));
    const error = await call(p).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SF503' });
    expect((error as Error).message).toContain('NSFW filter tripped');
  });

  it('gives up at the deadline with SF504 while the job is still running', async () => {
    const p = await provider(jobServer(Infinity, () => undefined));
    await expect(call(p, Date.now() + 200)).rejects.toMatchObject({ code: 'SF504' });
  });

  it('retries a 5xx on a poll and a 429 with Retry-After on submit', async () => {
    const png = await samplePng();
    let submits = 0;
    let polls = 0;
    const p = await provider((req, res) => {
      if (req.method === 'POST') return ++submits === 1 ? json(res, 429, {}, { 'retry-after': '0' }) : json(res, 202, { id: 'job-1' });
      if (++polls === 1) return json(res, 500, {});
      json(res, 200, { status: 'done', result: { b64_json: png.toString('base64') } });
    });
    await expect(call(p)).resolves.toMatchObject({ provider: 'jobs' });
    expect({ submits, polls }).toEqual({ submits: 2, polls: 2 });
    const [first, retry] = server!.requests.filter((r) => r.method === 'POST');
    expect(first.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(retry.headers['idempotency-key']).toBe(first.headers['idempotency-key']);
  });

  it.each([
    ['a submit without id', (req: { method: string }, res: Parameters<FakeHandler>[1]) => json(res, 202, { job: 'x' })],
    ['an unknown status', (req: { method: string }, res: Parameters<FakeHandler>[1]) => (req.method === 'POST' ? json(res, 202, { id: 'job-1' }) : json(res, 200, { status: 'exploded' }))],
    ['done without a result', (req: { method: string }, res: Parameters<FakeHandler>[1]) => (req.method === 'POST' ? json(res, 202, { id: 'job-1' }) : json(res, 200, { status: 'succeeded' }))],
    ['a poll that is not JSON', (req: { method: string }, res: Parameters<FakeHandler>[1]) => (req.method === 'POST' ? json(res, 202, { id: 'job-1' }) : void res.writeHead(200).end('<html>oops'))],
  ])('rejects %s with SF505', async (_name, answer) => {
    const p = await provider((req, res) => answer(req, res));
    await expect(call(p)).rejects.toMatchObject({ code: 'SF505' });
  });
});
