import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LiveClientError } from './errors.ts';
import { TransportSupervisor, type CaptureState, type CaptureStateDetail } from './reconnect.ts';
import type { FrameTransport } from './transport.ts';

class FakeTransport implements FrameTransport {
  kind = 'websocket' as const;
  bufferedAmount = 0;
  open = true;
  peerState?: string;
  closed = 0;
  private closeListener?: (reason: string) => void;
  send() {}
  onMessage() {}
  onClose(listener: (reason: string) => void) {
    this.closeListener = listener;
  }
  async close() {
    this.closed++;
    this.open = false;
  }
  /** The far end went away. */
  drop() {
    this.open = false;
    this.closeListener?.('WebSocket closed (1006)');
  }
}

/** A supervisor whose connects follow `outcomes` (a transport, or an error to throw). */
function harness(outcomes: (FakeTransport | Error)[]) {
  const states: [CaptureState, CaptureStateDetail | undefined][] = [];
  const attemptsAt: number[] = [];
  const supervisor = new TransportSupervisor({
    connect: async () => {
      attemptsAt.push(performance.now());
      const next = outcomes.shift();
      if (!next) throw new Error('no more outcomes');
      if (next instanceof Error) throw next;
      next.open = true;
      return next;
    },
    onTransport: () => undefined,
    onStateChange: (state, detail) => states.push([state, detail]),
    random: () => 0.5,
  });
  return { supervisor, states, attemptsAt };
}

describe('TransportSupervisor', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'performance'] }));
  afterEach(() => vi.useRealTimers());

  it('replaces a closed session with backoff through network errors and 409s, ending the old one', async () => {
    const first = new FakeTransport();
    const second = new FakeTransport();
    const { supervisor, states, attemptsAt } = harness([first, new TypeError('Failed to fetch'), new LiveClientError('held', 409, 'SF603'), second]);
    await supervisor.start();
    expect(supervisor.connected).toBe(true);
    const lostAt = performance.now();
    first.drop();
    expect(supervisor.connected).toBe(false);
    expect(first.closed).toBe(1); // best-effort end of the old session
    await vi.advanceTimersByTimeAsync(10_000);
    expect(supervisor.connected).toBe(true);
    expect(supervisor.current).toBe(second);
    expect(supervisor.reconnects).toBe(1);
    expect(supervisor.lastError).toBe('SF603: held');
    expect(attemptsAt.slice(1).map((t) => t - lostAt)).toEqual([500, 1500, 3500]);
    expect(states.map(([s, d]) => `${s}${d?.attempt ? ` ${d.attempt}` : ''}`)).toEqual(['connecting', 'live', 'reconnecting 1', 'reconnecting 2', 'reconnecting 3', 'live']);
    await supervisor.stop();
    expect(second.closed).toBe(1);
  });

  it('stops at a refusal retrying cannot fix and reports its code, without trying again', async () => {
    const first = new FakeTransport();
    const { supervisor, states, attemptsAt } = harness([first, new TypeError('Failed to fetch'), new LiveClientError('wrong token', 401, 'SF602')]);
    await supervisor.start();
    first.drop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(attemptsAt).toHaveLength(3);
    expect(supervisor.state).toBe('failed');
    expect(supervisor.connected).toBe(false);
    expect(supervisor.lastError).toBe('SF602: wrong token');
    expect(states.at(-1)).toEqual(['failed', { code: 'SF602', status: 401, message: 'wrong token' }]);
  });

  it('waits as long as Retry-After says', async () => {
    const first = new FakeTransport();
    const { supervisor, attemptsAt } = harness([first, new LiveClientError('busy', 503, undefined, 8000), new FakeTransport()]);
    await supervisor.start();
    first.drop();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(attemptsAt[2] - attemptsAt[1]).toBe(8000);
    expect(supervisor.connected).toBe(true);
  });

  it('notices a peer that stops acknowledging while the channel still looks open', async () => {
    const first = new FakeTransport();
    const { supervisor, states } = harness([first, new FakeTransport()]);
    await supervisor.start();
    supervisor.frameSent(performance.now());
    supervisor.frameAcknowledged();
    for (let i = 0; i < 20; i++) {
      supervisor.frameSent(performance.now());
      await vi.advanceTimersByTimeAsync(200);
    }
    expect(states.find(([s]) => s === 'reconnecting')?.[1]).toMatchObject({ code: 'dead-peer', attempt: 1 });
    expect(first.closed).toBe(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(supervisor.reconnects).toBe(1);
  });

  it('notices a WebRTC connection stuck in failed', async () => {
    const first = new FakeTransport();
    const { supervisor } = harness([first, new FakeTransport()]);
    await supervisor.start();
    first.peerState = 'failed';
    await vi.advanceTimersByTimeAsync(1750);
    expect(supervisor.state).toBe('live');
    await vi.advanceTimersByTimeAsync(500);
    expect(supervisor.state).toBe('reconnecting');
    expect(supervisor.lastError).toMatch(/^dead-peer: WebRTC connection failed/);
  });

  it('stop() during a reconnect ends the loop', async () => {
    const first = new FakeTransport();
    const { supervisor, attemptsAt } = harness([first, new TypeError('down'), new TypeError('down'), new FakeTransport()]);
    await supervisor.start();
    first.drop();
    await vi.advanceTimersByTimeAsync(600);
    await supervisor.stop();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(attemptsAt).toHaveLength(2);
    expect(supervisor.connected).toBe(false);
  });
});
