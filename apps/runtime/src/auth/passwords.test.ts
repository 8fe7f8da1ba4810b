import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords.ts';

describe('password hashes', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('a long enough secret');
    const b = await hashPassword('a long enough secret');
    expect(a).toMatch(/^scrypt\$16384\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('a long enough secret', a)).toBe(true);
    expect(await verifyPassword('a long enough secreT', a)).toBe(false);
    expect(await verifyPassword('a long enough secret', 'md5$whatever')).toBe(false);
  });

  it('refuses passwords that are too short (SF317)', async () => {
    await expect(hashPassword('short')).rejects.toMatchObject({ code: 'SF317' });
  });
});
