import { describe, expect, it } from 'vitest';
import { AudioPacer } from './audio-pacer.ts';
import { SoundHold } from './sound-hold.ts';

describe('sound hold', () => {
  it('lets sound go when the picture captured with it reaches the encoder, with that picture’s delay', () => {
    const hold = new SoundHold<string>();
    let now = 10_000;
    expect(hold.picture(now, now - 5)).toEqual([]);
    now += 10;
    // Captured after the newest picture: waits for its own.
    expect(hold.add('a', now - 2, now)).toEqual([]);
    expect(hold.add('b', now + 8, now + 10)).toEqual([]);
    expect(hold.holding).toBe(true);
    now += 300;
    // The picture captured 300 ms ago arrives now (the path slowed down): 'a' goes with its delay.
    expect(hold.picture(now, 10_009)).toEqual([{ block: 'a', captureTs: 10_008, delayMs: now - 10_009 }]);
    expect(hold.picture(now + 33, 10_042)).toEqual([{ block: 'b', captureTs: 10_018, delayMs: now + 33 - 10_042 }]);
    expect(hold.holding).toBe(false);
    // Sound arriving after its picture passed goes at once with the newest delay.
    expect(hold.add('c', 10_030, now + 40)).toEqual([{ block: 'c', captureTs: 10_030, delayMs: now + 33 - 10_042 }]);
  });

  it('places sound by the pictures around it, so a late picture or two cut no gap into the sound', () => {
    const hold = new SoundHold<string>();
    for (const capture of [1_000, 1_033, 1_066]) hold.picture(capture + 20, capture);
    expect(hold.add('beside the late picture', 1_090, 1_092)).toEqual([]);
    // Two pictures are 100 ms late; the pictures before and after them are not.
    expect(hold.picture(1_099 + 120, 1_099)).toEqual([{ block: 'beside the late picture', captureTs: 1_090, delayMs: 20 }]);
    hold.picture(1_132 + 120, 1_132);
    expect(hold.add('after the late pictures', 1_140, 1_260)).toEqual([]);
    expect(hold.picture(1_165 + 20, 1_165)).toEqual([{ block: 'after the late pictures', captureTs: 1_140, delayMs: 20 }]);
    // The path itself slows down: three pictures later the sound follows.
    for (const capture of [1_198, 1_231, 1_264]) hold.picture(capture + 300, capture);
    expect(hold.add('after the step', 1_250, 1_600)).toEqual([{ block: 'after the step', captureTs: 1_250, delayMs: 300 }]);
  });

  it('does not hold sound without a capture time, before capture-timed pictures, or on another clock', () => {
    const hold = new SoundHold<string>();
    expect(hold.add('before', 1_000, 1_000)).toEqual([{ block: 'before', captureTs: 1_000, delayMs: undefined }]);
    hold.picture(1_000, 990);
    expect(hold.add('untimed', undefined, 1_005)).toEqual([{ block: 'untimed', captureTs: undefined, delayMs: undefined }]);
    expect(hold.add('far', 60_000, 1_010)).toEqual([{ block: 'far', captureTs: 60_000, delayMs: undefined }]);
    // Pictures stopped coming: no wait.
    expect(hold.add('late', 2_000, 2_000)).toEqual([{ block: 'late', captureTs: 2_000, delayMs: undefined }]);
    expect(hold.holding).toBe(false);
  });

  it('lets sound go after the limit when its picture never comes, and when too much is held', () => {
    const hold = new SoundHold<number>(500, 3);
    hold.picture(1_000, 1_000);
    expect(hold.add(1, 1_010, 1_010)).toEqual([]);
    expect(hold.expire(1_400)).toEqual([]);
    expect(hold.expire(1_511)).toEqual([{ block: 1, captureTs: 1_010, delayMs: undefined }]);
    for (const n of [2, 3, 4]) expect(hold.add(n, 1_400 + n, 1_410)).toEqual([]);
    expect(hold.add(5, 1_405, 1_410)).toEqual([{ block: 2, captureTs: 1_402, delayMs: undefined }]);
  });

  it('keeps a beep with its flash while a sender starts and the pictures suddenly fall 300 ms behind', () => {
    // The pictures' delay jumps from 3 ms to 320 ms (a sender's first key frame on a busy host).
    // Sound captured with a flash must reach the timeline where that flash's picture does.
    let now = 0;
    const pacer = new AudioPacer(() => now);
    const hold = new SoundHold<number>();
    const soundAt = new Map<number, number>(); // capture time → timeline ms
    let written = 0;
    const place = (released: { block: number; captureTs: number | undefined; delayMs: number | undefined }[]) => {
      for (const r of released) {
        const placed = pacer.place(480, r.captureTs, r.delayMs);
        if (!placed) continue;
        written += placed.silence;
        soundAt.set(r.block, (written * 1000) / AudioPacer.SAMPLE_RATE);
        written += placed.frames;
      }
    };
    const pictureAt = new Map<number, number>();
    const firstPicture = 1_000;
    for (let t = firstPicture; t < 3_000; t += 10) {
      now = t;
      if ((t - firstPicture) % 30 === 0) {
        const capture = t - (t < 2_000 ? 3 : 320); // pictures captured this long ago reach the encoder now
        pacer.notePicture(t, capture);
        pictureAt.set(capture, t - firstPicture);
        place(hold.picture(t, capture));
      }
      place(hold.add(t - 2, t - 2, t)); // sound arrives 2 ms after capture
      place(hold.expire(t));
    }
    // A flash captured 100 ms into the jump (its picture reaches the encoder 320 ms later,
    // before the recent pictures' median has moved): its picture and its sound land together.
    const flash = [...pictureAt.keys()].find((c) => c >= 2_100)!;
    const beep = [...soundAt.keys()].find((c) => c >= flash)!;
    expect(Math.abs(soundAt.get(beep)! - pictureAt.get(flash)! - (beep - flash))).toBeLessThanOrEqual(16);
    // Nothing is lost: the pictures that come again after the jump get silence beside them.
    expect(pacer.dropped).toBe(0);
  });
});
