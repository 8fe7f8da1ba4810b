import { describe, expect, it } from 'vitest';
import { ShowflowError } from '@showflow/shared';
import { instanceUrlOf } from './instance-registry.ts';

describe('the URL an instance advertises to the others', () => {
  it('defaults to the listening address, with addresses that listen everywhere made callable', () => {
    expect(instanceUrlOf(undefined, '127.0.0.1', 4100)).toBe('http://127.0.0.1:4100');
    expect(instanceUrlOf(undefined, '0.0.0.0', 4100)).toBe('http://127.0.0.1:4100');
    expect(instanceUrlOf(undefined, '::1', 4101)).toBe('http://[::1]:4101');
  });

  it('takes SHOWFLOW_INSTANCE_URL without a trailing slash', () => {
    expect(instanceUrlOf('https://runtime-2.studio.example/', '0.0.0.0', 4100)).toBe('https://runtime-2.studio.example');
    expect(instanceUrlOf('http://10.0.0.7:4100/showflow/', '0.0.0.0', 4100)).toBe('http://10.0.0.7:4100/showflow');
  });

  it('refuses what is not a plain http(s) URL with SF338', () => {
    for (const bad of ['runtime-2:4100', 'ftp://runtime-2', 'http://user:secret@runtime-2', 'http://runtime-2/?a=1', 'http://runtime-2/#x']) {
      let thrown: unknown;
      try {
        instanceUrlOf(bad, '127.0.0.1', 4100);
      } catch (err) {
        thrown = err;
      }
      expect(thrown, bad).toBeInstanceOf(ShowflowError);
      expect((thrown as ShowflowError).code, bad).toBe('SF338');
    }
  });
});
