import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { Role } from './roles.ts';
import type { IdentityStore, SessionRecord, TokenRecord, UserRecord } from './identity-store.ts';

const FileSchema = z.object({
  version: z.literal(1),
  users: z.array(z.object({ id: z.string(), name: z.string(), role: Role, passwordHash: z.string(), createdAt: z.string() })),
  sessions: z.array(z.object({ hash: z.string(), userId: z.string(), createdAt: z.string(), expiresAt: z.string() })),
  tokens: z.array(
    z.object({ id: z.string(), name: z.string(), role: Role, hash: z.string(), createdAt: z.string(), createdBy: z.string(), revokedAt: z.string().optional() }),
  ),
});
type IdentityFile = z.infer<typeof FileSchema>;

export const IDENTITY_FILE = 'identity.json';

/**
 * The embedded identity store: one JSON file, `<dataDir>/auth/identity.json`, owner-only
 * (folder 0700, file 0600 whatever existed before). Kept in memory; every change rewrites the
 * file through a temporary file and a rename, one write at a time, so a crash leaves either
 * the old or the new file. Expired sessions are dropped whenever the file is written.
 * The file is re-read when it changed on disk, so `showflow users …` and `showflow token …`
 * take effect in a running runtime at once.
 */
export class FileIdentityStore implements IdentityStore {
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private data: IdentityFile,
    private version: string,
  ) {}

  static async open(dir: string): Promise<FileIdentityStore> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
    const file = path.join(dir, IDENTITY_FILE);
    const loaded = await load(file);
    if (loaded.version) await chmod(file, 0o600);
    return new FileIdentityStore(file, loaded.data, loaded.version);
  }

  /** Picks up changes another process (the CLI) wrote; one stat when nothing changed. */
  private async refresh(): Promise<void> {
    if ((await versionOf(this.file)) === this.version) return;
    const loaded = await load(this.file);
    this.data = loaded.data;
    this.version = loaded.version;
  }

  async listUsers(): Promise<UserRecord[]> {
    await this.refresh();
    return this.data.users.map((u) => ({ ...u }));
  }
  async userByName(name: string): Promise<UserRecord | undefined> {
    await this.refresh();
    const user = this.data.users.find((u) => u.name === name);
    return user && { ...user };
  }
  async userById(id: string): Promise<UserRecord | undefined> {
    await this.refresh();
    const user = this.data.users.find((u) => u.id === id);
    return user && { ...user };
  }
  putUser(user: UserRecord): Promise<void> {
    return this.change((d) => ({ ...d, users: [...d.users.filter((u) => u.id !== user.id), { ...user }] }));
  }
  deleteUser(id: string): Promise<void> {
    return this.change((d) => ({ ...d, users: d.users.filter((u) => u.id !== id), sessions: d.sessions.filter((s) => s.userId !== id) }));
  }

  async sessionByHash(hash: string): Promise<SessionRecord | undefined> {
    await this.refresh();
    const session = this.data.sessions.find((s) => s.hash === hash);
    return session && { ...session };
  }
  putSession(session: SessionRecord): Promise<void> {
    return this.change((d) => ({ ...d, sessions: [...d.sessions.filter((s) => s.hash !== session.hash), { ...session }] }));
  }
  deleteSession(hash: string): Promise<void> {
    return this.change((d) => ({ ...d, sessions: d.sessions.filter((s) => s.hash !== hash) }));
  }
  deleteSessionsOf(userId: string): Promise<void> {
    return this.change((d) => ({ ...d, sessions: d.sessions.filter((s) => s.userId !== userId) }));
  }

  async listTokens(): Promise<TokenRecord[]> {
    await this.refresh();
    return this.data.tokens.map((t) => ({ ...t }));
  }
  async tokenByHash(hash: string): Promise<TokenRecord | undefined> {
    await this.refresh();
    const token = this.data.tokens.find((t) => t.hash === hash);
    return token && { ...token };
  }
  putToken(token: TokenRecord): Promise<void> {
    return this.change((d) => ({ ...d, tokens: [...d.tokens.filter((t) => t.id !== token.id), { ...token }] }));
  }

  /** Applies the change in memory only once the file with it is written. */
  private change(apply: (data: IdentityFile) => IdentityFile): Promise<void> {
    const run = this.writing.then(async () => {
      await this.refresh();
      const now = new Date().toISOString();
      const next = apply(this.data);
      next.sessions = next.sessions.filter((s) => s.expiresAt > now);
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, `${JSON.stringify(next, null, 2)}\n`, { mode: 0o600 });
      await rename(tmp, this.file);
      this.data = next;
      this.version = await versionOf(this.file);
    });
    this.writing = run.catch(() => undefined);
    return run;
  }
}

const empty = (): IdentityFile => ({ version: 1, users: [], sessions: [], tokens: [] });

/** mtime and size: a rename by any writer changes it. Empty when the file does not exist. */
async function versionOf(file: string): Promise<string> {
  try {
    const s = await stat(file);
    return `${s.mtimeMs}:${s.size}:${s.ino}`;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

async function load(file: string): Promise<{ data: IdentityFile; version: string }> {
  const version = await versionOf(file);
  if (!version) return { data: empty(), version };
  const text = await readFile(file, 'utf8');
  let parsed: ReturnType<typeof FileSchema.safeParse>;
  try {
    parsed = FileSchema.safeParse(JSON.parse(text));
  } catch (err) {
    throw new Error(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  // A damaged file must not silently become "no users" (that would hand out a new owner).
  if (!parsed.success) throw new Error(`${file} is not a valid identity file: ${parsed.error.issues[0]?.message ?? 'schema'}`);
  return { data: parsed.data, version };
}
