import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, startFakeServer, type FakeServer } from '../test/fake-server.ts';
import { describeConfig, loadGenerativeConfig } from './env.ts';
import { createProvider } from './providers/create.ts';
import { createGenerativeServiceFromEnv } from './service/from-env.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

const KEY = 'sk-live-VERY-SECRET-abcdef0123456789';
let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  vi.restoreAllMocks();
});

describe('environment', () => {
  it('defaults to the offline provider with no variables set', () => {
    const config = loadGenerativeConfig({});
    expect(config).toMatchObject({ provider: 'offline', ratePerMinute: 30, burst: 10, dailyCapCents: 500 });
    expect(config.dataDir.endsWith(path.join('data', 'generative'))).toBe(true);
    expect(createProvider(config).id).toBe('offline');
  });

  it('requires a base URL for HTTP providers and reports SF510 without values', () => {
    expect(() => loadGenerativeConfig({ SHOWFLOW_GEN_PROVIDER: 'openai', SHOWFLOW_GEN_API_KEY: KEY })).toThrow(/SF510.*SHOWFLOW_GEN_BASE_URL/);
    const error = (() => {
      try {
        loadGenerativeConfig({ SHOWFLOW_GEN_PROVIDER: 'magic', SHOWFLOW_GEN_API_KEY: KEY, SHOWFLOW_GEN_BURST: 'lots' });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toMatch(/SF510/);
    expect(error?.message).toContain('SHOWFLOW_GEN_BURST');
    expect(error?.message).not.toContain(KEY);
  });
});

describe('the API key never leaks', () => {
  it('refuses credentials in the base URL, without echoing them', () => {
    for (const url of ['http://user:pw@127.0.0.1:1/', 'http://127.0.0.1:1/?token=abc']) {
      const error = (() => {
        try {
          loadGenerativeConfig({ SHOWFLOW_GEN_PROVIDER: 'jobs', SHOWFLOW_GEN_BASE_URL: url });
        } catch (e) {
          return e as Error;
        }
      })();
      expect(error?.message).toMatch(/^SF510 /);
      expect(error?.message).not.toContain('pw@');
      expect(error?.message).not.toContain('token=abc');
    }
  });

  it('is absent from describe, JSON, inspect and string forms', () => {
    const config = loadGenerativeConfig({ SHOWFLOW_GEN_PROVIDER: 'openai', SHOWFLOW_GEN_BASE_URL: 'http://127.0.0.1:1/', SHOWFLOW_GEN_API_KEY: KEY });
    const provider = createProvider(config);
    const outputs = [JSON.stringify(config), inspect(config, { depth: 10 }), `${config.apiKey}`, JSON.stringify(describeConfig(config)), JSON.stringify(provider.describe()), inspect(provider, { depth: 10, showHidden: true })];
    for (const text of outputs) {
      expect(text).not.toContain(KEY);
    }
    expect(describeConfig(config)).toMatchObject({ hasApiKey: true, baseUrl: 'http://127.0.0.1:1/' });
  });

  it('is absent from errors and logs even when the provider echoes it back', async () => {
    server = await startFakeServer((req, res) => json(res, 401, { error: { message: `invalid key ${req.headers.authorization}` } }));
    const logged: string[] = [];
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(' ')));
    const dataDir = await mkdtemp(path.join(tmpdir(), 'sf-gen-secret-'));
    try {
      const service = await createGenerativeServiceFromEnv(
        { SHOWFLOW_GEN_PROVIDER: 'openai', SHOWFLOW_GEN_BASE_URL: server.url, SHOWFLOW_GEN_API_KEY: KEY, SHOWFLOW_GEN_DATA_DIR: dataDir, SHOWFLOW_GEN_MAX_RETRIES: '0' },
      );
      const error = (await service
        .generate({ nodeKey: 'n1', label: { creator: 'c', show: 's', purpose: 'p' }, request: { prompt: 'x', width: 64, height: 64, seed: 1 } })
        .catch((e: unknown) => e)) as Error & { code: string };
      expect(server.requests[0].headers.authorization).toBe(`Bearer ${KEY}`); // it was really sent
      expect(error.code).toBe('SF503');
      expect(error.message).toContain('[redacted]');
      for (const text of [error.message, error.stack ?? '', inspect(error, { depth: 10 }), JSON.stringify(service.describe()), inspect(service, { depth: 10 }), ...logged]) {
        expect(text).not.toContain(KEY);
      }
      await service.close();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
