import { describe, expect, it } from 'vitest';
import { SignInThrottle } from './sign-in-throttle.ts';

describe('SignInThrottle', () => {
  it('allows a few failures, then locks with a doubling delay, and a success clears the name', () => {
    let now = 1_000_000;
    const throttle = new SignInThrottle({ freeFailures: 3, now: () => now });
    const keys = ['user:ada', 'client:10.0.0.1'];
    throttle.failed(keys);
    throttle.failed(keys);
    expect(throttle.retryAfterMs(keys)).toBe(0);
    throttle.failed(keys);
    expect(throttle.retryAfterMs(keys)).toBe(1000);
    now += 1000;
    throttle.failed(keys);
    expect(throttle.retryAfterMs(keys)).toBe(2000);
    now += 2000;
    throttle.succeeded('user:ada');
    expect(throttle.retryAfterMs(['user:ada'])).toBe(0);
    // The address stays counted: it cannot move on to guess the next name.
    throttle.failed(['user:bob', 'client:10.0.0.1']);
    expect(throttle.retryAfterMs(['user:bob', 'client:10.0.0.1'])).toBe(4000);
  });

  it('caps the lock and forgets old failures', () => {
    let now = 0;
    const throttle = new SignInThrottle({ freeFailures: 1, maxLockMs: 5000, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 30; i++) throttle.failed(['k']);
    expect(throttle.retryAfterMs(['k'])).toBe(5000);
    now += 61_000;
    expect(throttle.retryAfterMs(['k'])).toBe(0);
    throttle.failed(['k']);
    expect(throttle.retryAfterMs(['k'])).toBe(1000);
  });
});
