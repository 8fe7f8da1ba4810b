import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveServer, type LiveServer } from './support/live-server.ts';

let server: LiveServer;

beforeAll(async () => {
  server = await startLiveServer({ streams: { cam: 'right-token' } });
});

afterAll(async () => {
  await server?.close();
});

function post(path: string, body: string, token?: string): Promise<Response> {
  const headers: Record<string, string> = { 'Content-Type': 'application/sdp' };
  if (token) headers.Authorization = `Bearer ${token}`;
  return fetch(`${server.url}${path}`, { method: 'POST', headers, body });
}

describe('WHIP signaling refuses what it cannot accept, with a code and a reason', () => {
  it('answers 401 SF602 for a wrong or missing bearer token', async () => {
    for (const token of ['wrong-token', undefined]) {
      const response = await post('/live/whip/cam', 'v=0\r\n', token);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(await response.json()).toMatchObject({ code: 'SF602' });
    }
  });

  it('answers 401 for a stream that was never allowed', async () => {
    const response = await post('/live/whip/other', 'v=0\r\n', 'right-token');
    expect(response.status).toBe(401);
  });

  it('answers 400 SF601 with the reason for malformed SDP', async () => {
    const cases: [string, RegExp][] = [
      ['', /empty/],
      ['hello world', /first line must be "v=0"/],
      ['v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\n', /no media section/],
      ['v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nm=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n', /ICE credentials/],
    ];
    for (const [sdp, reason] of cases) {
      const response = await post('/live/whip/cam', sdp, 'right-token');
      expect(response.status).toBe(400);
      const body = (await response.json()) as { code: string; message: string };
      expect(body.code).toBe('SF601');
      expect(body.message).toMatch(reason);
    }
  });

  it('answers 404 SF606 when deleting a session that does not exist', async () => {
    const response = await fetch(`${server.url}/live/whip/cam/00000000-0000-0000-0000-000000000000`, {
      method: 'DELETE',
      headers: { Authorization: 'Bearer right-token' },
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: 'SF606' });
  });

  it('answers CORS preflight so pages on other origins can publish', async () => {
    const response = await fetch(`${server.url}/live/whip/cam`, { method: 'OPTIONS' });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-expose-headers')).toContain('Location');
  });
});
