import { describe, expect, it } from 'vitest';
import type { NodeStats } from '../service/node-stats.ts';
import { statusText } from './status-text.ts';

const stats = (over: Partial<NodeStats> = {}): NodeStats => ({
  nodeKey: 'p/n', hits: 0, misses: 0, hitRate: 0, coalesced: 0, providerCalls: 0, providerLatencyP50Ms: null, spendCents: 0, fallbacks: 0, refusals: 0, errors: 0, ...over,
});

describe('statusText', () => {
  it('reads variation, hit rate, provider latency and spend', () => {
    expect(statusText(stats({ hitRate: 0.916, providerLatencyP50Ms: 139.6, spendCents: 35 }), 1, 3)).toBe('var 2/3 · cache 92% · 140 ms · 35¢');
  });

  it('says when the provider was never called and shows dollars above a dollar', () => {
    expect(statusText(stats({ hitRate: 1, spendCents: 1234 }), undefined, 2)).toBe('cache 100% · no provider calls · $12.34');
  });
});
