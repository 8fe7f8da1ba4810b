import { describe, expect, it } from 'vitest';
import { findExecutableContent } from './safety.ts';

describe('templates are data only', () => {
  it.each([
    ['an $eval key', { config: { $eval: '1+1' } }, 'config.$eval'],
    ['a $where key', { a: [{ $where: 'x' }] }, 'a.0.$where'],
    ['a binding with extra keys', { c: { $param: 'x', $default: 1 } }, 'c'],
    ['a binding to a non-string', { c: { $param: { x: 1 } } }, 'c'],
    ['a prototype key', JSON.parse('{"__proto__": {"polluted": true}}'), '__proto__'],
    ['a javascript: URL', { link: 'javascript:alert(1)' }, 'link'],
    ['a data URL that is not an image', { p: 'data:text/html;base64,PHNjcmlwdD4=' }, 'p'],
    ['a script tag', { text: 'Hello <script>steal()</script>' }, 'text'],
    ['an event handler attribute', { text: '<img src=x onerror="go()">' }, 'text'],
    ['a template literal', { text: 'Hi ${process.env.SECRET}' }, 'text'],
    ['a mustache expression', { text: 'Hi {{ user.name }}' }, 'text'],
    ['an eval call', { text: 'eval("x")' }, 'text'],
    ['a require call', { text: "require('child_process')" }, 'text'],
    ['a function definition', { run: 'function (frame) { return frame; }' }, 'run'],
    ['an arrow function', { run: '(frame) => frame' }, 'run'],
    ['a function value', { run: () => 1 }, 'run'],
    ['a class instance', { at: new Date(0) }, 'at'],
    ['a bigint', { n: 10n }, 'n'],
  ])('refuses %s', (_what, value, path) => {
    const problems = findExecutableContent(value);
    expect(problems.map((p) => p.path.join('.'))).toContain(path);
    expect(problems[0].code).toBe('SF126');
  });

  it.each([
    'Summer glow: 20% off lipsticks',
    'A function of light and shadow, studio portrait',
    'Tip the band! Every tip → a shout-out',
    'data:image/png;base64,iVBORw0KGgo=',
    'assets/logo.png',
    'rgba(200,0,60,0.85)',
  ])('accepts plain text and image data: %s', (text) => {
    expect(findExecutableContent({ text, c: { $param: 'brandColor' } })).toEqual([]);
  });

  it('refuses nesting deeper than the limit without overflowing the stack', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const problems = findExecutableContent(deep);
    expect(problems.map((p) => p.code)).toEqual(['SF120']);
  });
});
