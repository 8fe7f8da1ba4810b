import { describe, expect, it } from 'vitest';
import { errorCatalog } from '../errors.ts';
import { testCatalog } from '../test-catalog.ts';
import { validateDocument } from '../validate.ts';
import { exportTemplate } from './export.ts';
import { instantiate } from './instantiate.ts';
import { validateTemplate } from './validate.ts';
import { sampleDocument, sampleMeta, sampleParams } from './test-fixtures.ts';

/** mulberry32: small, seeded, good enough to spread mutations. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const strange: Json[] = [
  null, true, 0, -1, 1e308, 3.5, '', 'x', '#zzzzzz', '<script>x</script>', '${x}', 'javascript:1', { $eval: 'x' }, { $param: 'nope' },
  { $param: 'brandColor' }, [], [1, 2], {}, { a: { b: { c: [] } } }, '__proto__', 'showflow.denoise', 'a'.repeat(5000), { $param: 7 },
];

/** Every container (object or array) inside the value, with how to reach it. */
function containers(root: Json): Json[] {
  const out: Json[] = [];
  const walk = (v: Json) => {
    if (v && typeof v === 'object') {
      out.push(v);
      for (const c of Array.isArray(v) ? v : Object.values(v)) walk(c);
    }
  };
  walk(root);
  return out;
}

function mutate(template: Json, random: () => number): Json | string {
  const copy = JSON.parse(JSON.stringify(template)) as Json;
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const steps = 1 + Math.floor(random() * 3);
  for (let s = 0; s < steps; s++) {
    const target = pick(containers(copy));
    if (!target || typeof target !== 'object') continue;
    const keys = Array.isArray(target) ? target.map((_, i) => i) : Object.keys(target);
    const op = random();
    if (Array.isArray(target)) {
      if (op < 0.3 && target.length) target.splice(Math.floor(random() * target.length), 1);
      else if (op < 0.6 && target.length) target.push(JSON.parse(JSON.stringify(pick(target))));
      else if (keys.length) target[pick(keys as number[])] = pick(strange);
      else target.push(pick(strange));
    } else if (op < 0.25 && keys.length) delete target[pick(keys as string[])];
    else if (op < 0.75 && keys.length) target[pick(keys as string[])] = JSON.parse(JSON.stringify(pick(strange)));
    else target[pick(['$eval', 'extra', 'showflowTemplate', 'type', 'default', '__proto__', 'hash'])] = JSON.parse(JSON.stringify(pick(strange)));
  }
  // Without its hash a mutant gets past the SF127 check and exercises every deeper one.
  if (random() < 0.7 && copy && typeof copy === 'object' && !Array.isArray(copy)) delete copy.hash;
  // Some files arrive damaged as text.
  if (random() < 0.1) {
    const text = JSON.stringify(copy);
    return text.slice(0, Math.floor(random() * text.length));
  }
  return copy;
}

describe('a fuzzed corpus of malformed templates', () => {
  const exported = exportTemplate(sampleDocument(), sampleParams, sampleMeta);
  if (!exported.ok) throw new Error('fixture does not export');
  const base = JSON.parse(JSON.stringify(exported.template)) as Json;
  const env = { catalog: testCatalog };

  it('yields errors with catalogue codes and paths, never a crash or a partial import', () => {
    const random = rng(20240607);
    let refused = 0;
    let accepted = 0;
    const codesSeen: string[] = [];
    for (let i = 0; i < 600; i++) {
      const mutant = mutate(base, random);
      const result = validateTemplate(mutant, env);
      if (!result.ok) {
        refused++;
        codesSeen.push(...result.problems.map((p) => p.code));
        expect(result.problems.length).toBeGreaterThan(0);
        for (const p of result.problems) {
          expect(Object.keys(errorCatalog)).toContain(p.code);
          expect(Array.isArray(p.path)).toBe(true);
          expect(typeof p.message).toBe('string');
        }
        continue;
      }
      accepted++;
      // Accepted means importable: the document made from it is complete and valid.
      const made = instantiate(result.template);
      expect(made.ok).toBe(true);
      if (made.ok) expect(validateDocument(made.document, testCatalog).ok).toBe(true);
    }
    // The corpus must mostly be malformed, or it tests nothing.
    expect(refused).toBeGreaterThan(300);
    // Mutations reach every template check, not just the first gate.
    expect([...new Set(codesSeen)]).toEqual(expect.arrayContaining(['SF100', 'SF101', 'SF120', 'SF121', 'SF124', 'SF125', 'SF126', 'SF127', 'SF128']));
    expect(refused + accepted).toBe(600);
  });

  it('never throws on arbitrary values either', () => {
    const random = rng(7);
    for (let i = 0; i < 300; i++) {
      const value = i % 3 === 0 ? mutate(base, random) : (strange[i % strange.length] as unknown);
      expect(() => validateTemplate(value, env)).not.toThrow();
    }
  });
});
