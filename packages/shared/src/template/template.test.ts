import { describe, expect, it } from 'vitest';
import { documentHash } from '../hash.ts';
import { PipelineDocument } from '../document.ts';
import { testCatalog } from '../test-catalog.ts';
import { exportTemplate } from './export.ts';
import { instantiate } from './instantiate.ts';
import { templateHash } from './hash.ts';
import { validateTemplate } from './validate.ts';
import { sampleDocument, sampleMeta, sampleParams } from './test-fixtures.ts';

const env = { catalog: testCatalog, packageVersion: (name: string) => (name === '@studio/fx' ? '1.4.0' : undefined) };

function exported() {
  const result = exportTemplate(sampleDocument(), sampleParams, sampleMeta);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return JSON.parse(JSON.stringify(result.template)) as Record<string, any>;
}

const codes = (r: { ok: boolean; problems?: { code: string }[] }) => (r.ok ? [] : r.problems!.map((p) => p.code));

describe('template export and import', () => {
  it('round-trips: import with defaults gives back a document with the same hash', () => {
    const original = PipelineDocument.parse(sampleDocument());
    const file = JSON.stringify(exported());
    const checked = validateTemplate(file, env);
    expect(checked.ok).toBe(true);
    const made = instantiate(checked.ok ? checked.template : (undefined as never));
    expect(made.ok && documentHash(made.document)).toBe(documentHash(original));
  });

  it('replaces bound fields with placeholders and records defaults, requirements and a hash', () => {
    const t = exported();
    expect(t.pipeline.nodes[0].config).toEqual({ color: { $param: 'brandColor' }, title: { $param: 'title' } });
    expect(t.parameters.brandColor).toEqual({ type: 'color', label: 'Brand colour', default: '#d6336c' });
    expect(t.requires).toEqual([{ package: 'builtin', types: { 'test.source': 2, 'test.blur': 2, 'test.sink': 2 } }]);
    expect(t.hash).toBe(templateHash(t));
  });

  it('binds given values into every placeholder', () => {
    const checked = validateTemplate(exported(), env);
    if (!checked.ok) throw new Error('invalid');
    const made = instantiate(checked.template, { brandColor: '#112233', strength: 2 });
    if (!made.ok) throw new Error(JSON.stringify(made.problems));
    expect(made.document.nodes[0].config.color).toBe('#112233');
    expect(made.document.nodes[1].config).toMatchObject({ tint: '#112233', strength: 2, prompts: ['a red lipstick on marble'] });
  });

  it('refuses unknown parameters and wrong types, all at once, and imports nothing', () => {
    const checked = validateTemplate(exported(), env);
    if (!checked.ok) throw new Error('invalid');
    const made = instantiate(checked.template, { brandColour: '#112233', strength: 'strong', brandColor: 'red', prompts: [] });
    expect(made.ok).toBe(false);
    if (made.ok) return;
    expect(made.problems.map((p) => [p.code, p.path.join('.')])).toEqual([
      ['SF123', 'values.brandColour'],
      ['SF124', 'values.brandColor'],
      ['SF124', 'values.strength'],
      ['SF124', 'values.prompts'],
    ]);
    expect(made.problems.every((p) => p.hint)).toBe(true);
    expect('document' in made).toBe(false);
  });

  it('refuses an export whose bound fields disagree or do not exist', () => {
    const doc = sampleDocument();
    doc.nodes[1].config = { ...doc.nodes[1].config, tint: '#000000' };
    const result = exportTemplate(doc, [...sampleParams, { name: 'missing', definition: { type: 'text', label: 'x' }, bind: [{ node: 'cam', path: ['nope'] }] }], sampleMeta);
    expect(codes(result)).toEqual(['SF124', 'SF125']);
  });
});

describe('validateTemplate', () => {
  it('reports every problem with a code, a JSON path and a hint', () => {
    const t = exported();
    delete t.hash;
    t.parameters.title.default = 42;
    t.pipeline.nodes[1].config.extra = { $param: 'nope' };
    t.pipeline.nodes.push({ id: 'fx', type: 'studio-fx.glow', typeVersion: 1, config: {}, position: { x: 0, y: 0 } });
    const result = validateTemplate(t, env);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => `${p.code} ${p.path.join('.')}`)).toEqual([
      'SF124 parameters.title.default',
      'SF125 pipeline.nodes.1.config.extra',
      'SF128 pipeline.nodes.3.type',
    ]);
    for (const p of result.problems) expect(p.hint).toBeTruthy();
  });

  it('names the missing node package and version, and a type version that is too old', () => {
    const t = exported();
    delete t.hash;
    t.requires.push({ package: '@studio/fx', version: '2.0.0', types: { 'studio-fx.glow': 1 } }, { package: '@studio/keys', version: '1.0.0', types: { 'studio-keys.chroma': 1 } });
    t.requires[0].types['test.blur'] = 3;
    t.pipeline.nodes[1].typeVersion = 3;
    const result = validateTemplate(t, env);
    if (result.ok) throw new Error('should fail');
    const messages = result.problems.map((p) => `${p.code} ${p.message}`);
    expect(messages).toContain('SF122 node type test.blur is v2 here; the template needs v3 from the built-in nodes');
    expect(messages).toContain('SF122 node package @studio/fx is 1.4.0; the template needs ^2.0.0');
    expect(messages).toContain('SF122 node package @studio/keys 1.0.0 is not installed');
    expect(result.problems.find((p) => p.message.includes('@studio/keys'))!.hint).toMatch(/install @studio\/keys@\^1\.0\.0/);
  });

  it('detects a file edited after export by its content hash', () => {
    const t = exported();
    t.meta.name = 'Renamed';
    expect(codes(validateTemplate(t, env))).toEqual(['SF127']);
  });

  it('checks the pipeline with defaults bound against the catalog', () => {
    const t = exported();
    delete t.hash;
    t.parameters.strength = { type: 'number', label: 'Blur', default: 40 };
    const result = validateTemplate(t, env);
    if (result.ok) throw new Error('should fail');
    expect(result.problems.map((p) => `${p.code} ${p.path.join('.')}`)).toEqual(['SF103 pipeline.nodes.1.config.strength']);
  });

  it('refuses an unknown schema version and migrates v1 files', () => {
    expect(codes(validateTemplate({ ...exported(), showflowTemplate: 9 }))).toEqual(['SF121']);
    const v2 = exported();
    const v1 = {
      showflowTemplate: 1,
      name: v2.meta.name,
      author: v2.meta.author,
      params: Object.entries(v2.parameters).map(([name, def]) => ({ name, ...(def as object) })),
      requires: v2.requires[0].types,
      pipeline: v2.pipeline,
    };
    const result = validateTemplate(v1, env);
    expect(result.ok).toBe(true);
    if (result.ok) expect(Object.keys(result.template.parameters)).toEqual(['brandColor', 'title', 'strength', 'prompts']);
  });

  it('reports bad JSON text as SF100', () => {
    expect(codes(validateTemplate('{"showflowTemplate": 2,'))).toEqual(['SF100']);
  });
});
