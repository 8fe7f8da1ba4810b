import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface StartCrashRecord {
  package: string;
  /** Consecutive crashes at start, across runtime restarts. */
  crashes: number;
  code: string;
  message: string;
  at: string;
}

/**
 * Remembers, across runtime restarts, how often each node package crashed right after
 * starting. A package at the threshold is in safe mode: pipelines using it start paused
 * until the producer resumes them. A node of the package that stays up forgives it.
 * Kept in `<dataDir>/isolation/start-crashes.json`; without a folder it lives in memory.
 */
export class StartCrashJournal {
  private readonly records = new Map<string, StartCrashRecord>();
  private readonly file: string | undefined;

  constructor(
    dataDir: string | undefined,
    readonly threshold = 3,
  ) {
    this.file = dataDir ? path.join(dataDir, 'isolation', 'start-crashes.json') : undefined;
    if (!this.file) return;
    try {
      const list = JSON.parse(readFileSync(this.file, 'utf8')) as StartCrashRecord[];
      for (const r of Array.isArray(list) ? list : []) if (typeof r?.package === 'string' && Number.isInteger(r.crashes)) this.records.set(r.package, r);
    } catch {
      // No journal yet (or an unreadable one): every package starts with a clean slate.
    }
  }

  record(pkg: string, error: { code: string; message: string }): void {
    const crashes = (this.records.get(pkg)?.crashes ?? 0) + 1;
    this.records.set(pkg, { package: pkg, crashes, code: error.code, message: error.message.slice(0, 300), at: new Date().toISOString() });
    this.save();
  }

  forgive(pkg: string): void {
    if (this.records.delete(pkg)) this.save();
  }

  inSafeMode(pkg: string): StartCrashRecord | undefined {
    const r = this.records.get(pkg);
    return r && r.crashes >= this.threshold ? r : undefined;
  }

  /** Packages in safe mode now. */
  safeMode(): StartCrashRecord[] {
    return [...this.records.values()].filter((r) => r.crashes >= this.threshold);
  }

  private save(): void {
    if (!this.file) return;
    // Written rarely (a crash), and synchronously so a runtime dying next still leaves it.
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify([...this.records.values()], null, 2), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}
