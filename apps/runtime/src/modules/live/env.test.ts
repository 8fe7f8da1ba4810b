import { describe, expect, it } from 'vitest';
import { readLiveEnv } from './env.ts';

describe('live settings: ingest budget', () => {
  it('defaults to four 1280×720 30 fps streams per core', () => {
    expect(readLiveEnv({}, 2).ingestBudget).toEqual({ maxSessions: 8, maxPixelRate: 8 * 1280 * 720 * 30 });
    expect(readLiveEnv({}, 6).ingestBudget).toEqual({ maxSessions: 24, maxPixelRate: 24 * 1280 * 720 * 30 });
  });

  it('takes the session count and pixel rate from the environment', () => {
    const env = readLiveEnv({ SHOWFLOW_LIVE_MAX_INGEST_SESSIONS: '3', SHOWFLOW_LIVE_MAX_INGEST_PIXEL_RATE: '55296000' }, 2);
    expect(env.ingestBudget).toEqual({ maxSessions: 3, maxPixelRate: 55_296_000 });
  });

  it.each([
    ['SHOWFLOW_LIVE_MAX_INGEST_SESSIONS', 'many'],
    ['SHOWFLOW_LIVE_MAX_INGEST_SESSIONS', '0'],
    ['SHOWFLOW_LIVE_MAX_INGEST_SESSIONS', '2.5'],
    ['SHOWFLOW_LIVE_MAX_INGEST_PIXEL_RATE', '-1'],
    ['SHOWFLOW_LIVE_MAX_INGEST_PIXEL_RATE', '1e'],
  ])('refuses %s=%s, naming the setting', (name, value) => {
    expect(() => readLiveEnv({ [name]: value }, 2)).toThrow(new RegExp(`invalid live settings: ${name}: `));
  });
});
