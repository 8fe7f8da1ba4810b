/**
 * Starts the benchmark's runtime process (`runtime-process.ts`) with the flags `npm start`
 * gives the runtime, and calls it over the fork IPC channel.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RuntimeOps, RuntimeReady, RuntimeReply, RuntimeRequest } from './runtime-protocol.ts';

/** The runtime's production V8 flag (see docs/decisions/0025). */
const RUNTIME_NODE_FLAGS = ['--max-semi-space-size=32'];

/**
 * `SHOWFLOW_BENCH_CPU_PROF=<dir>` writes a V8 CPU profile of the runtime process there when
 * it exits (open it in Chrome DevTools). Sampled wall time: a thread preempted inside a
 * call — typically dgram's send, which wakes a browser on loopback — is charged to it.
 */
const PROFILE_FLAGS = process.env.SHOWFLOW_BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.SHOWFLOW_BENCH_CPU_PROF}`] : [];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type OpsOf<Ops> = { [K in keyof Ops]: (...args: any[]) => unknown };

export interface RuntimeProcess<Ops extends OpsOf<Ops> = RuntimeOps> {
  url: string;
  pid: number;
  call<K extends keyof Ops>(op: K, ...args: Parameters<Ops[K]>): Promise<Awaited<ReturnType<Ops[K]>>>;
  close(): Promise<void>;
}

/**
 * Forks `script` (default: this benchmark's runtime process); another benchmark passes its
 * own process script that answers its own operations the same way.
 */
export async function startRuntimeProcess<Ops extends OpsOf<Ops> = RuntimeOps>(script = new URL('./runtime-process.ts', import.meta.url)): Promise<RuntimeProcess<Ops>> {
  const child = fork(fileURLToPath(script), [], {
    execArgv: [...RUNTIME_NODE_FLAGS, ...PROFILE_FLAGS, '--import', import.meta.resolve('tsx')],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const url = await waitForReady(child);
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  child.on('message', (reply: RuntimeReply) => {
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if (reply.error !== undefined) waiter.reject(new Error(`runtime process: ${reply.error}`));
    else waiter.resolve(reply.result);
  });
  child.on('exit', (code) => {
    for (const waiter of pending.values()) waiter.reject(new Error(`runtime process exited (${code})`));
    pending.clear();
  });
  return {
    url,
    pid: child.pid ?? 0,
    call(op, ...args) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, op, args } as unknown as RuntimeRequest);
      });
    },
    async close() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.disconnect();
      await exited;
    },
  };
}

function waitForReady(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`runtime process exited before it was ready (${code})`));
    child.once('exit', onExit);
    child.once('message', (message: RuntimeReady) => {
      child.off('exit', onExit);
      resolve(message.url);
    });
  });
}
