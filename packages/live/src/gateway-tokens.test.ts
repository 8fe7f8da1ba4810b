import { afterEach, describe, expect, it } from 'vitest';
import { createIngestGateway, tokenDigestHex, type IngestGateway } from './gateway.ts';

describe('stream tokens', () => {
  let gateway: IngestGateway;
  afterEach(() => gateway.close());

  it('accepts a stream allowed by the digest of its token, and only that token', () => {
    gateway = createIngestGateway();
    gateway.allowStreamDigest('cam1', tokenDigestHex('s3cret'));
    expect(gateway.isAuthorized('cam1', 's3cret')).toBe(true);
    expect(gateway.isAuthorized('cam1', 's3cre')).toBe(false);
    expect(gateway.isAuthorized('cam2', 's3cret')).toBe(false);
    expect(gateway.allowedStreams()).toEqual(['cam1']);
  });

  it('treats a token given in the clear and its digest alike', () => {
    gateway = createIngestGateway({ streams: { cam1: 'abc' } });
    gateway.allowStreamDigest('cam2', tokenDigestHex('abc'));
    expect(gateway.isAuthorized('cam1', 'abc')).toBe(true);
    expect(gateway.isAuthorized('cam2', 'abc')).toBe(true);
  });

  it('refuses a digest that is not a SHA-256 in hex', () => {
    gateway = createIngestGateway();
    expect(() => gateway.allowStreamDigest('cam1', 'abc')).toThrow(/64 lowercase hex/);
  });
});
