import { describe, expect, it } from 'vitest';
import { isPublicPath, safeNext } from './session.ts';

describe('editor session helpers', () => {
  it('returns after sign-in only to a path of this site', () => {
    expect(safeNext('/pipelines/show-1')).toBe('/pipelines/show-1');
    expect(safeNext('//evil.example/x')).toBe('/');
    expect(safeNext('https://evil.example')).toBe('/');
    expect(safeNext('/signin')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });

  it('keeps only the watch and sign-in pages public', () => {
    expect(isPublicPath('/watch/studio-demo')).toBe(true);
    expect(isPublicPath('/signin')).toBe(true);
    expect(isPublicPath('/perf')).toBe(true);
    expect(isPublicPath('/')).toBe(false);
    expect(isPublicPath('/access')).toBe(false);
    expect(isPublicPath('/pipelines/x')).toBe(false);
  });
});
