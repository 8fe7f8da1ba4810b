import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteSession, MAX_ANSWER_BYTES, postOffer } from './whip-signaling.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

describe('WHIP signaling: what an answer must be', () => {
  let server: Server;
  let base: string;
  let handler: Handler = (_req, res) => res.end();
  const seen: { method?: string; url?: string; authorization?: string; contentType?: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization, contentType: req.headers['content-type'] });
      req.resume();
      req.on('end', () => handler(req, res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = () => postOffer(new URL(`${base}/whip`), 'v=0\r\n', 'tok-secret', AbortSignal.timeout(5000));
  const refusal = (promise: Promise<unknown>) => promise.then(() => 'accepted', (err: { code?: string; message: string }) => `${err.code} ${err.message}`);

  it('sends the offer as application/sdp with the bearer token and takes 201 + SDP + Location', async () => {
    handler = (_req, res) => res.writeHead(201, { 'content-type': 'application/sdp', location: '/whip/session-1' }).end('v=0\r\nanswer\r\n');
    const answer = await post();
    expect(answer.sdp).toBe('v=0\r\nanswer\r\n');
    expect(answer.resource.href).toBe(`${base}/whip/session-1`);
    expect(seen.at(-1)).toEqual({ method: 'POST', url: '/whip', authorization: 'Bearer tok-secret', contentType: 'application/sdp' });
    expect(await deleteSession(answer.resource, 'tok-secret', new URL(`${base}/whip`))).toBe(201);
    expect(seen.at(-1)).toMatchObject({ method: 'DELETE', url: '/whip/session-1', authorization: 'Bearer tok-secret' });
  });

  it('refuses anything else with SF646 and never the body', async () => {
    handler = (_req, res) => res.writeHead(401, { 'content-type': 'text/plain' }).end('bad token tok-secret');
    const unauthorized = await refusal(post());
    expect(unauthorized).toBe('SF646 the WHIP server answered 401 Unauthorized');
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/sdp', location: '/s' }).end('v=0\r\n');
    expect(await refusal(post())).toMatch(/^SF646 .*200/);
    handler = (_req, res) => res.writeHead(201, { 'content-type': 'application/json', location: '/s' }).end('{}');
    expect(await refusal(post())).toMatch(/^SF646 .*not application\/sdp/);
    handler = (_req, res) => res.writeHead(201, { 'content-type': 'application/sdp' }).end('v=0\r\n');
    expect(await refusal(post())).toMatch(/^SF646 .*without a Location/);
    handler = (_req, res) => res.writeHead(201, { 'content-type': 'application/sdp', location: '/s' }).end(`v=0\r\n${'a=x\r\n'.repeat(MAX_ANSWER_BYTES / 5)}`);
    expect(await refusal(post())).toMatch(/^SF646 .*65536/);
    handler = (_req, res) => {
      res.writeHead(201, { 'content-type': 'application/sdp', location: '/s', 'transfer-encoding': 'chunked' });
      for (let i = 0; i < 20; i++) res.write('a'.repeat(8192));
      res.end();
    };
    expect(await refusal(post())).toMatch(/^SF646 .*exceeds 65536/);
  });

  it('follows a temporary redirect on the same rule and refuses one to plain http elsewhere', async () => {
    handler = (req, res) => {
      if (req.url === '/whip') res.writeHead(307, { location: '/whip-2' }).end();
      else res.writeHead(201, { 'content-type': 'application/sdp', location: 'session-2' }).end('v=0\r\n');
    };
    expect((await post()).resource.href).toBe(`${base}/session-2`);
    expect(seen.at(-1)).toMatchObject({ url: '/whip-2', authorization: 'Bearer tok-secret' });
    handler = (_req, res) => res.writeHead(307, { location: 'http://ingest.example.com/whip' }).end();
    expect(await refusal(post())).toMatch(/^SF645/);
  });
});
