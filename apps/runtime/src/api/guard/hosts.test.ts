import { describe, expect, it } from 'vitest';
import { hostNameOf, isAllowedHost, isAllowedOrigin, normaliseHostNames } from './hosts.ts';
import { acceptsContentType, contentTypeRuleFor } from './content-type.ts';

describe('served hosts and origins', () => {
  const served = normaliseHostNames(['Show.Example.com', ' ', '::1', 'studio.local:8443']);

  it('serves loopback names on any port and configured names, case-insensitively', () => {
    for (const host of ['localhost', 'localhost:4100', '127.0.0.1:1', '[::1]:4100', 'show.example.com', 'SHOW.example.com:443', 'studio.local']) {
      expect(isAllowedHost(host, served), host).toBe(true);
    }
  });

  it('refuses other names, malformed Host headers and a missing one', () => {
    for (const host of ['rebind.attacker.example', '127.0.0.2', 'localhost.attacker.example', 'user@localhost', 'localhost/x', '', undefined]) {
      expect(isAllowedHost(host, served), String(host)).toBe(false);
    }
    expect(hostNameOf('localhost:4100')).toBe('localhost');
  });

  it('trusts http(s) origins on served names only', () => {
    expect(isAllowedOrigin('http://localhost:3000', served)).toBe(true);
    expect(isAllowedOrigin('https://show.example.com', served)).toBe(true);
    for (const origin of ['null', 'https://evil.example', 'file://', 'chrome-extension://abc', 'http://show.example.com.evil.example']) {
      expect(isAllowedOrigin(origin, served), origin).toBe(false);
    }
  });

  it('accepts JSON on tRPC (required), JSON or nothing on REST, SDP on live routes', () => {
    expect(acceptsContentType(contentTypeRuleFor('/trpc/x'), 'application/json; charset=utf-8')).toBe(true);
    expect(acceptsContentType(contentTypeRuleFor('/trpc/x'), undefined)).toBe(false);
    expect(acceptsContentType(contentTypeRuleFor('/api/drops'), undefined)).toBe(true);
    expect(acceptsContentType(contentTypeRuleFor('/api/drops'), 'text/plain')).toBe(false);
    expect(acceptsContentType(contentTypeRuleFor('/live/whip/s'), 'application/sdp')).toBe(true);
    expect(acceptsContentType(contentTypeRuleFor('/live/whip/s'), 'multipart/form-data; boundary=x')).toBe(false);
  });
});
