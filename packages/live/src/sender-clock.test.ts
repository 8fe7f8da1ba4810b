import { expect, it } from 'vitest';
import { SenderClock } from './sender-clock.ts';

function ntp(epochMs: number): bigint {
  const seconds = Math.floor(epochMs / 1000) + 2_208_988_800;
  const fraction = Math.round(((epochMs % 1000) / 1000) * 2 ** 32);
  return (BigInt(seconds) << 32n) | BigInt(fraction);
}

it('uses arrival time until a sender report maps the RTP clock to the sender wall clock', () => {
  const clock = new SenderClock(90_000);
  expect(clock.captureTime(1234, 5000)).toEqual({ captureTs: 5000, clock: 'arrival' });
  const at = 1_764_000_000_000;
  clock.onSenderReport(ntp(at), 90_000);
  const later = clock.captureTime(90_000 + 9000, 0);
  expect(later.clock).toBe('sender');
  expect(later.captureTs).toBeCloseTo(at + 100, 3);
  expect(clock.captureTime(90_000 - 4500, 0).captureTs).toBeCloseTo(at - 50, 3);
});

it('follows the RTP timestamp across its 32-bit wrap', () => {
  const clock = new SenderClock(48_000);
  const at = 1_764_000_000_000;
  clock.onSenderReport(ntp(at), 0xffff_ff00);
  expect(clock.captureTime(0x0000_0100, 0).captureTs).toBeCloseTo(at + (512 / 48_000) * 1000, 3);
});

it('ignores a report without a wall clock (NTP 0)', () => {
  const clock = new SenderClock(90_000);
  clock.onSenderReport(0n, 1000);
  expect(clock.known).toBe(false);
});

it('pins the arrival clock to the least delayed packet until a report, so capture times keep the RTP spacing', () => {
  const clock = new SenderClock(90_000);
  clock.noteArrival(0, 10_000);
  // The next frame, 33 ms of RTP time later, arrives 200 ms late (a sender's backlog):
  // its capture time is 33 ms after the first, not its arrival.
  clock.noteArrival(2970, 10_233);
  expect(clock.captureTime(2970, 10_233)).toEqual({ captureTs: 10_033, clock: 'arrival' });
  // A packet with less delay than the first moves the pin back for every frame.
  clock.noteArrival(5940, 10_050);
  expect(clock.captureTime(2970, 10_233).captureTs).toBe(10_050 - 66 + 33);
});
