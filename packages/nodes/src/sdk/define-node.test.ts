import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineNode, NodeDefinitionError } from './define-node.ts';
import { NodeCatalog } from './catalog.ts';
import { toNodeSpec } from './spec.ts';

const base = {
  type: 'acme.gain',
  typeVersion: 2,
  title: 'Gain',
  category: 'process' as const,
  description: 'Multiplies a number',
  inputs: { value: { type: 'number' as const } },
  outputs: { result: { type: 'number' as const } },
  config: z.object({ factor: z.number().min(0).max(10).default(2) }),
  budgetMs: 1,
  run: ({ inputs, config }: { inputs: { value?: number }; config: { factor: number } }) => ({ result: (inputs.value ?? 0) * config.factor }),
  migrations: { 1: (c: Record<string, unknown>) => ({ factor: c.gain }) },
};

describe('defineNode', () => {
  it('accepts a well-formed declaration', () => {
    expect(defineNode(base).type).toBe('acme.gain');
  });

  it.each([
    [{ type: 'gain' }, /namespaced/],
    [{ typeVersion: 0 }, /typeVersion/],
    [{ budgetMs: 0 }, /budgetMs/],
    [{ inputs: { 'Bad-Id': { type: 'number' as const } } }, /camelCase/],
    [{ outputs: { value: { type: 'number' as const } } }, /both input and output/],
    [{ migrations: { 2: (c: Record<string, unknown>) => c } }, /outside/],
    [{ config: z.object({ required: z.string() }) }, /default/],
  ])('refuses %o', (patch, reason) => {
    expect(() => defineNode({ ...base, ...patch } as typeof base)).toThrowError(reason);
    expect(() => defineNode({ ...base, ...patch } as typeof base)).toThrowError(NodeDefinitionError);
  });
});

describe('NodeCatalog', () => {
  const gain = defineNode(base);

  it('refuses a second registration of the same type id', () => {
    const catalog = new NodeCatalog([gain], 'acme-pack');
    expect(() => catalog.register(gain, 'other-pack')).toThrowError(/already registered by acme-pack/);
  });

  it('migrates old configs before validating them', () => {
    const catalog = new NodeCatalog([gain]);
    expect(catalog.parseConfig('acme.gain', { gain: 4 }, 1)).toEqual({ ok: true, config: { factor: 4 } });
    expect(catalog.checkConfig('acme.gain', { factor: 40 }, 2)).toEqual([{ path: ['factor'], message: expect.stringMatching(/10/) }]);
  });

  it('describes a node as a serialisable spec with a JSON Schema form', () => {
    const spec = toNodeSpec(gain, 'acme-pack');
    expect(spec.inputs).toEqual([{ id: 'value', type: 'number' }]);
    expect(spec.defaults).toEqual({ factor: 2 });
    expect(spec.configSchema).toMatchObject({ type: 'object', properties: { factor: { type: 'number', minimum: 0, maximum: 10, default: 2 } } });
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
  });
});
