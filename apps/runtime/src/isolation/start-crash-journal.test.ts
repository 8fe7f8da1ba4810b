import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StartCrashJournal } from './start-crash-journal.ts';

const crash = { code: 'SF212', message: 'its worker exited with code 7' };

describe('crashes at start, remembered across restarts', () => {
  it('puts a package in safe mode at the threshold, kept on disk, and forgives it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sf-journal-'));
    const journal = new StartCrashJournal(dir, 3);
    journal.record('acme', crash);
    journal.record('acme', crash);
    expect(journal.inSafeMode('acme')).toBeUndefined();
    // The runtime restarts: the count carries on.
    const after = new StartCrashJournal(dir, 3);
    after.record('acme', crash);
    expect(after.inSafeMode('acme')).toMatchObject({ package: 'acme', crashes: 3, code: 'SF212' });
    expect(new StartCrashJournal(dir, 3).safeMode().map((r) => r.package)).toEqual(['acme']);
    expect(statSync(path.join(dir, 'isolation', 'start-crashes.json')).mode & 0o777).toBe(0o600);
    after.forgive('acme');
    expect(new StartCrashJournal(dir, 3).safeMode()).toEqual([]);
  });

  it('starts clean from a missing or unreadable journal', () => {
    expect(new StartCrashJournal(path.join(tmpdir(), 'sf-no-such-dir-x'), 3).safeMode()).toEqual([]);
    expect(new StartCrashJournal(undefined).safeMode()).toEqual([]);
  });
});
