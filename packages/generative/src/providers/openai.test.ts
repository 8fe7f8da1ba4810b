import { afterEach, describe, expect, it } from 'vitest';
import { json, sleep, startFakeServer, type FakeHandler, type FakeServer } from '../../test/fake-server.ts';
import { samplePng, sampleJpeg } from '../../test/png-fixture.ts';
import { Secret } from '../secret.ts';
import { OpenAiImagesProvider } from './openai.ts';

const request = { prompt: 'a neon fox', style: 'comic', width: 64, height: 64, seed: 1 };
const KEY = 'sk-test-TOPSECRET-1234567890';
let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function provider(handler: FakeHandler, options: Partial<ConstructorParameters<typeof OpenAiImagesProvider>[0]> = {}) {
  server = await startFakeServer(handler);
  return new OpenAiImagesProvider({ baseUrl: server.url, apiKey: new Secret(KEY), model: 'img-test', timeoutMs: 2_000, maxRetries: 2, backoffMs: 5, costCentsPerImage: 4, ...options });
}

const call = (p: OpenAiImagesProvider, deadline?: number) => p.generate(request, { signal: AbortSignal.timeout(10_000), deadline });

describe('OpenAiImagesProvider against a local server', () => {
  it('posts the OpenAI request and decodes data[0].b64_json', async () => {
    const png = await samplePng();
    const p = await provider((_req, res) => json(res, 200, { created: 1, data: [{ b64_json: png.toString('base64') }] }));
    const image = await call(p);
    expect(image.bytes.equals(png)).toBe(true);
    expect(image).toMatchObject({ mime: 'image/png', width: 64, height: 64, model: 'img-test', provider: 'openai', costCents: 4 });
    const seen = server!.requests[0];
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/v1/images/generations');
    expect(seen.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(JSON.parse(seen.body)).toEqual({ model: 'img-test', prompt: 'a neon fox. Style: comic', size: '64x64', n: 1, response_format: 'b64_json' });
  });

  it('fetches data[0].url and converts a JPEG to PNG', async () => {
    const jpeg = await sampleJpeg();
    const p = await provider((req, res, s) => {
      if (req.url === '/files/1.jpg') return void res.writeHead(200, { 'content-type': 'image/jpeg' }).end(jpeg);
      json(res, 200, { data: [{ url: `${s.url}/files/1.jpg` }] });
    });
    const image = await call(p);
    expect(image.bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(image).toMatchObject({ width: 64, height: 48 });
    expect(server!.requests.map((r) => r.url)).toEqual(['/v1/images/generations', '/files/1.jpg']);
  });

  it('honours 429 Retry-After and then succeeds', async () => {
    const png = await samplePng();
    let calls = 0;
    const p = await provider((_req, res) => {
      if (++calls === 1) return json(res, 429, { error: { message: 'slow down' } }, { 'retry-after': '0' });
      json(res, 200, { data: [{ b64_json: png.toString('base64') }] });
    });
    await expect(call(p)).resolves.toMatchObject({ width: 64 });
    expect(server!.requests).toHaveLength(2);
  });

  it('does not wait for a Retry-After beyond the deadline', async () => {
    const p = await provider((_req, res) => json(res, 429, { error: { message: 'busy' } }, { 'retry-after': '30' }));
    const error = await call(p, Date.now() + 1_000).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SF508', details: { status: 429, retryAfterMs: 30_000 } });
    expect(server!.requests).toHaveLength(1);
  });

  it('stops after the bounded number of 429 retries', async () => {
    const p = await provider((_req, res) => json(res, 429, {}, { 'retry-after': '0' }));
    await expect(call(p)).rejects.toMatchObject({ code: 'SF508' });
    expect(server!.requests).toHaveLength(3);
  });

  it('retries 5xx with backoff and gives up with SF503 and the status', async () => {
    const p = await provider((_req, res) => json(res, 503, { error: { message: 'overloaded' } }));
    const error = await call(p).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'SF503', details: { status: 503 } });
    expect((error as Error).message).toContain('overloaded');
    expect(server!.requests).toHaveLength(3);
  });

  it('recovers when a 5xx is followed by success', async () => {
    const png = await samplePng();
    let calls = 0;
    const p = await provider((_req, res) => (++calls < 3 ? json(res, 502, {}) : json(res, 200, { data: [{ b64_json: png.toString('base64') }] })));
    await expect(call(p)).resolves.toMatchObject({ provider: 'openai' });
    expect(calls).toBe(3);
  });

  it('does not retry a 400', async () => {
    const p = await provider((_req, res) => json(res, 400, { error: { message: 'bad size' } }));
    await expect(call(p)).rejects.toMatchObject({ code: 'SF503', details: { status: 400 } });
    expect(server!.requests).toHaveLength(1);
  });

  it('times out a slow answer with SF504', async () => {
    const p = await provider(async (_req, res) => {
      await sleep(1_000);
      json(res, 200, {});
    }, { timeoutMs: 100, maxRetries: 0 });
    await expect(call(p)).rejects.toMatchObject({ code: 'SF504' });
  });

  it('accepts a slow answer within the timeout', async () => {
    const png = await samplePng();
    const p = await provider(async (_req, res) => {
      await sleep(150);
      json(res, 200, { data: [{ b64_json: png.toString('base64') }] });
    });
    await expect(call(p)).resolves.toMatchObject({ width: 64 });
  });

  it('stops at once when the caller aborts', async () => {
    const p = await provider(async (_req, res) => {
      await sleep(2_000);
      json(res, 200, {});
    });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(p.generate(request, { signal: controller.signal })).rejects.toMatchObject({ code: 'SF504' });
  });

  it.each([
    ['malformed JSON', (res: Parameters<FakeHandler>[1]) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"data": [')],
    ['an empty data array', (res: Parameters<FakeHandler>[1]) => json(res, 200, { data: [] })],
    ['a wrong shape', (res: Parameters<FakeHandler>[1]) => json(res, 200, { images: ['x'] })],
    ['b64_json that is not base64', (res: Parameters<FakeHandler>[1]) => json(res, 200, { data: [{ b64_json: '%%% not base64 %%%' }] })],
    ['bytes that are not an image', (res: Parameters<FakeHandler>[1]) => json(res, 200, { data: [{ b64_json: Buffer.from('hello world').toString('base64') }] })],
  ])('rejects %s with SF505', async (_name, answer) => {
    const p = await provider((_req, res) => answer(res));
    await expect(call(p)).rejects.toMatchObject({ code: 'SF505' });
  });

  it('retries a refused connection and reports SF503', async () => {
    const p = new OpenAiImagesProvider({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 1_000, maxRetries: 1, backoffMs: 5 });
    await expect(call(p)).rejects.toMatchObject({ code: 'SF503' });
  });
});
