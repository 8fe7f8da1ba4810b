import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Process groups of servers still running. Servers start detached (their own group, so one
 * kill reaches npx/tsx children too), which also means they outlive a test worker that is
 * ended before its afterAll runs — a timed-out hook, a cancelled run. Reaping them when the
 * worker goes keeps a failed file from leaving runtimes that slow every later test.
 */
const liveGroups = new Set<number>();
let reaperInstalled = false;

function reapAll(): void {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  liveGroups.clear();
}

function installReaper(): void {
  if (reaperInstalled) return;
  reaperInstalled = true;
  process.once('exit', reapAll);
  for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130], ['SIGHUP', 129]] as const) {
    process.once(signal, () => {
      reapAll();
      process.exit(code);
    });
  }
}

export interface Started {
  url: string;
  process: ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

/** Spawns a server and resolves once `ready(url)` answers; keeps its output for failure messages. */
export async function startServer(
  command: string,
  args: string[],
  opts: { cwd: string; env?: Record<string, string>; url: string; ready: (url: string) => Promise<boolean>; timeoutMs?: number },
): Promise<Started> {
  const child = spawn(command, args, { cwd: opts.cwd, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  if (child.pid !== undefined) {
    installReaper();
    liveGroups.add(child.pid);
    child.once('exit', () => liveGroups.delete(child.pid!));
  }
  let log = '';
  child.stdout?.on('data', (d) => (log += d));
  child.stderr?.on('data', (d) => (log += d));
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((r) => child.once('exit', r));
    process.kill(-child.pid, 'SIGTERM'); // the whole group: npx/tsx start children of their own
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
    if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
  };
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${command} ${args.join(' ')} exited with ${child.exitCode}:\n${log}`);
    if (await opts.ready(opts.url).catch(() => false)) return { url: opts.url, process: child, output: () => log, stop };
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`${command} did not become ready at ${opts.url}:\n${log}`);
}
