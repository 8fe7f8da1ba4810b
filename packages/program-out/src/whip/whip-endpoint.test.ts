import { describe, expect, it } from 'vitest';
import { RestreamKeys } from '../restream/restream-keys.ts';
import { checkTokenSecret, whipEndpoint } from './whip-endpoint.ts';
import { WhipSettings } from './whip-settings.ts';

const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'ok';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
};

describe('WHIP endpoint and token refusals', () => {
  it('takes https anywhere and plain http only to this machine (SF645)', () => {
    expect(whipEndpoint('https://ingest.example.com/whip/abc').href).toBe('https://ingest.example.com/whip/abc');
    for (const url of ['http://127.0.0.1:8889/program/whip', 'http://localhost/whip', 'http://[::1]:9000/whip']) expect(codeOf(() => whipEndpoint(url))).toBe('ok');
    for (const url of ['http://ingest.example.com/whip', 'http://10.0.0.5/whip', 'http://127.0.0.1.nip.io/whip', 'ftp://example.com/whip', 'not a url', 'https://user:pw@example.com/whip']) {
      expect(codeOf(() => whipEndpoint(url)), url).toBe('SF645');
    }
  });

  it('refuses a named token secret the runtime does not have (SF647) and never quotes a value', () => {
    const keys = new RestreamKeys({ SHOWFLOW_RESTREAM_KEY_CDN: 'tok-123' });
    expect(codeOf(() => checkTokenSecret(keys, 'CDN'))).toBe('ok');
    expect(codeOf(() => checkTokenSecret(keys, ''))).toBe('ok');
    expect(codeOf(() => checkTokenSecret(keys, 'MISSING'))).toBe('SF647');
  });

  it('keeps tokens out of the document: no query, fragment or credentials in the URL, a name for the token', () => {
    expect(WhipSettings.parse({}).url).toBe('http://127.0.0.1:8889/program/whip');
    expect(WhipSettings.parse({}).videoKbps).toBe(3000);
    expect(WhipSettings.safeParse({ url: 'https://cdn.example.com/whip/live', tokenSecret: 'CDN' }).success).toBe(true);
    for (const url of ['https://cdn.example.com/whip?token=abc', 'https://cdn.example.com/whip#abc', 'https://me:pw@cdn.example.com/whip', 'rtmp://cdn.example.com/live', `https://a.example.com/${'x'.repeat(1000)}`]) {
      expect(WhipSettings.safeParse({ url }).success, url).toBe(false);
    }
    expect(WhipSettings.safeParse({ tokenSecret: 'Bearer abc.def' }).success).toBe(false);
  });
});
