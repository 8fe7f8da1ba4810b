import { describe, expect, it } from 'vitest';
import { LiveClientError } from './errors.ts';
import { backoffDelay, classifyFailure, DeadPeerDetector, describeFailure, MAX_RETRY_AFTER_MS, parseRetryAfter } from './retry-policy.ts';

const mid = () => 0.5; // no jitter

describe('backoffDelay', () => {
  it('starts at 0.5 s and doubles to a 5 s cap', () => {
    expect([0, 1, 2, 3, 4, 5, 50].map((n) => backoffDelay(n, {}, mid))).toEqual([500, 1000, 2000, 4000, 5000, 5000, 5000]);
  });

  it('spreads each step by ±20 % so senders cut off together do not return in step', () => {
    expect(backoffDelay(0, {}, () => 0)).toBe(400);
    expect(backoffDelay(0, {}, () => 0.999999)).toBe(600);
    expect(backoffDelay(9, {}, () => 0)).toBe(4000);
    expect(backoffDelay(9, {}, () => 0.999999)).toBe(6000);
    const many = Array.from({ length: 200 }, () => backoffDelay(2));
    expect(Math.min(...many)).toBeGreaterThanOrEqual(1600);
    expect(Math.max(...many)).toBeLessThanOrEqual(2400);
    expect(new Set(many).size).toBeGreaterThan(20);
  });

  it('takes its own start, cap and jitter', () => {
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, { initialMs: 100, maxMs: 300, jitter: 0 }))).toEqual([100, 200, 300, 300]);
  });
});

describe('classifyFailure', () => {
  const refused = (status: number, code?: string, retryAfterMs?: number) => new LiveClientError(`failed with ${status}`, status, code, retryAfterMs);

  it('stops on refusals retrying cannot fix: bad or revoked token, unknown stream, offers never taken', () => {
    for (const status of [400, 401, 403, 404, 405, 413, 415, 422]) expect(classifyFailure(refused(status)), String(status)).toEqual({ retry: false });
    expect(classifyFailure(refused(401, 'SF602'))).toEqual({ retry: false });
  });

  it('retries network failures, a stream still held (409), rate limits (429) and server trouble (5xx)', () => {
    expect(classifyFailure(new TypeError('Failed to fetch'))).toEqual({ retry: true });
    expect(classifyFailure(new LiveClientError('WebSocket closed before opening'))).toEqual({ retry: true });
    for (const status of [408, 409, 429, 500, 502, 503, 504]) expect(classifyFailure(refused(status)), String(status)).toEqual({ retry: true });
  });

  it('honours Retry-After, capped', () => {
    expect(classifyFailure(refused(503, undefined, 7000))).toEqual({ retry: true, notBeforeMs: 7000 });
    expect(classifyFailure(refused(429, undefined, 3_600_000))).toEqual({ retry: true, notBeforeMs: MAX_RETRY_AFTER_MS });
    // A Retry-After on a refusal that cannot heal does not make it retried.
    expect(classifyFailure(refused(401, 'SF602', 1000))).toEqual({ retry: false });
  });
});

describe('parseRetryAfter and describeFailure', () => {
  it('reads delta-seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(' 0 ')).toBe(0);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });

  it('names the gateway code, else the status, else the network', () => {
    expect(describeFailure(new LiveClientError('bad token', 401, 'SF602'))).toEqual({ code: 'SF602', status: 401, message: 'bad token' });
    expect(describeFailure(new LiveClientError('busy', 503))).toEqual({ code: 'HTTP 503', status: 503, message: 'busy' });
    expect(describeFailure(new TypeError('Failed to fetch'))).toEqual({ code: 'network', message: 'Failed to fetch' });
  });
});

describe('DeadPeerDetector', () => {
  it('gives up on a WebRTC connection failed or disconnected for 2 s, not on a short blip', () => {
    const d = new DeadPeerDetector();
    expect(d.check(0, 'connected')).toBeUndefined();
    expect(d.check(100, 'disconnected')).toBeUndefined();
    expect(d.check(1500, 'disconnected')).toBeUndefined();
    expect(d.check(1600, 'connected')).toBeUndefined();
    expect(d.check(3000, 'disconnected')).toBeUndefined(); // the clock restarted at the blip's end
    expect(d.check(4900, 'failed')).toBeUndefined();
    expect(d.check(5000, 'failed')).toMatch(/failed for 2000 ms/);
  });

  it('gives up when frames go unacknowledged for 3 s, once the peer has acknowledged at all', () => {
    const d = new DeadPeerDetector();
    d.sent(0);
    expect(d.check(10_000)).toBeUndefined(); // never acknowledged: an old gateway, not a dead one
    d.acknowledged();
    d.sent(10_000);
    d.sent(11_000);
    expect(d.check(12_900)).toBeUndefined();
    d.acknowledged();
    expect(d.check(20_000)).toBeUndefined(); // nothing sent since: an idle sender is not dead
    d.sent(20_000);
    expect(d.check(22_999)).toBeUndefined();
    expect(d.check(23_000)).toMatch(/no frame acknowledgement for 3000 ms/);
  });
});
