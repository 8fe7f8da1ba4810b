import { describe, expect, it } from 'vitest';
import { Inbox, type InboxItem } from './inbox.ts';

const frame = (n: number): InboxItem => ({ port: 'frame', portType: 'frame', value: n, handle: n, messageId: `f${n}` });
const event = (n: number): InboxItem => ({ port: 'cue', portType: 'event', value: n, messageId: `e${n}` });

describe('Inbox', () => {
  it('drops the oldest frame when full and reports it', () => {
    const dropped: InboxItem[] = [];
    const inbox = new Inbox(2, (i) => dropped.push(i));
    [1, 2, 3, 4].forEach((n) => inbox.push(frame(n)));
    expect(dropped.map((d) => d.value)).toEqual([1, 2]);
    expect([inbox.shift()?.value, inbox.shift()?.value, inbox.shift()]).toEqual([3, 4, undefined]);
  });

  it('never drops events, and events do not count against the frame capacity', () => {
    const dropped: InboxItem[] = [];
    const inbox = new Inbox(1, (i) => dropped.push(i));
    inbox.push(event(1));
    inbox.push(frame(1));
    inbox.push(event(2));
    inbox.push(event(3));
    inbox.push(frame(2));
    expect(dropped.map((d) => d.messageId)).toEqual(['f1']);
    const order: string[] = [];
    for (let i = inbox.shift(); i; i = inbox.shift()) order.push(i.messageId);
    expect(order).toEqual(['e1', 'e2', 'e3', 'f2']);
  });

  it('hands everything left to onDrop when cleared', () => {
    const dropped: string[] = [];
    const inbox = new Inbox(3, (i) => dropped.push(i.messageId));
    inbox.push(frame(1));
    inbox.push(event(1));
    inbox.clear();
    expect(dropped).toEqual(['f1', 'e1']);
    expect(inbox.size).toBe(0);
  });
});

describe('Inbox audio policy', () => {
  const block = (n: number): InboxItem => ({ port: 'audio', portType: 'audio', value: n, messageId: `a${n}` });

  it('keeps up to its audio bound apart from frames, then drops the oldest block and reports it', () => {
    const dropped: string[] = [];
    const inbox = new Inbox(1, (i) => dropped.push(i.messageId), 3);
    inbox.push(frame(1));
    [1, 2, 3].forEach((n) => inbox.push(block(n)));
    // Three blocks fit beside the one frame: audio does not count against the frame capacity.
    expect(dropped).toEqual([]);
    inbox.push(block(4));
    inbox.push(event(1));
    inbox.push(block(5));
    expect(dropped).toEqual(['a1', 'a2']);
    const order: string[] = [];
    for (let i = inbox.shift(); i; i = inbox.shift()) order.push(i.messageId);
    expect(order).toEqual(['f1', 'a3', 'a4', 'e1', 'a5']);
  });

  it('frees audio room as blocks are taken, so a node that keeps up never drops', () => {
    const dropped: string[] = [];
    const inbox = new Inbox(2, (i) => dropped.push(i.messageId), 2);
    for (let n = 0; n < 100; n++) {
      inbox.push(block(n));
      inbox.push(block(n + 1000));
      inbox.shift();
      inbox.shift();
    }
    expect(dropped).toEqual([]);
    expect(inbox.size).toBe(0);
  });
});
