import { describe, expect, it } from 'vitest';
import { PortTaps, TAP_TEXT_CHARS } from './port-tap.ts';

const ports = new Map([
  ['out', 'event' as const],
  ['db', 'number' as const],
]);

describe('PortTaps', () => {
  it('records nothing while closed, and only summaries once read', () => {
    const taps = new PortTaps({ capacity: 3 });
    const slot = taps.slot('p', 'n', ports);
    expect(slot.tap).toBeUndefined();
    taps.read('p', 'n');
    for (let i = 0; i < 5; i++) slot.tap!.record('db', 30 + i, undefined);
    slot.tap!.record('out', { text: 'x'.repeat(1000), amount: 12.5 }, undefined);
    slot.tap!.record('out', 'plain text', undefined);
    slot.tap!.record('nowhere', 1, undefined);
    const [out, db] = taps.read('p', 'n')!.ports;
    expect(db.samples.map((s) => (s.kind === 'number' ? s.value : null))).toEqual([32, 33, 34]);
    expect(db.sent).toBe(5);
    const [long, plain] = out.samples;
    expect(long).toMatchObject({ kind: 'value', truncated: true });
    if (long.kind !== 'value' || plain.kind !== 'value') throw new Error('not value samples');
    expect(long.text).toHaveLength(TAP_TEXT_CHARS);
    expect(long.text.startsWith('{"text":"xxx')).toBe(true);
    expect(plain).toMatchObject({ text: 'plain text', truncated: false });
    taps.closeAll();
  });

  it('never throws on values JSON cannot write', () => {
    const taps = new PortTaps();
    const slot = taps.slot('p', 'n', ports);
    taps.read('p', 'n');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    slot.tap!.record('out', circular, undefined);
    slot.tap!.record('out', 10n, undefined);
    expect(taps.read('p', 'n')!.ports[0].samples.map((s) => (s.kind === 'value' ? s.text : ''))).toEqual(['[object Object]', '10']);
    taps.closeAll();
  });

  it('keeps at most maxOpen taps, closing the one read longest ago', () => {
    const taps = new PortTaps({ maxOpen: 2 });
    const a = taps.slot('p', 'a', ports);
    const b = taps.slot('p', 'b', ports);
    const c = taps.slot('p', 'c', ports);
    taps.read('p', 'a');
    taps.read('p', 'b');
    taps.read('p', 'c');
    expect(taps.open).toBe(2);
    expect(a.tap).toBeUndefined();
    expect(b.tap && c.tap).toBeDefined();
    taps.closeAll();
  });

  it('forgets nodes that stopped running, and keeps a tap across a redeploy of the same node', () => {
    const taps = new PortTaps();
    const kept = taps.slot('p', 'kept', ports);
    taps.slot('p', 'gone', ports);
    taps.read('p', 'kept');
    expect(taps.slot('p', 'kept', new Map(ports))).toBe(kept);
    taps.retain('p', new Set(['kept']));
    expect(taps.read('p', 'gone')).toBeUndefined();
    expect(kept.tap).toBeDefined();
    taps.retain('p');
    expect(taps.read('p', 'kept')).toBeUndefined();
    expect(taps.open).toBe(0);
  });
});
