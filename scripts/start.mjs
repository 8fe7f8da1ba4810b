#!/usr/bin/env node
/**
 * `npm start`: builds what is needed (turbo caches unchanged builds), then runs the runtime
 * and the editor together on their embedded defaults. Ctrl-C stops both.
 */
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const runtimePort = process.env.SHOWFLOW_PORT ?? '4100';
const editorPort = process.env.SHOWFLOW_EDITOR_PORT ?? '3000';
const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: '1',
  TURBO_TELEMETRY_DISABLED: '1',
  SHOWFLOW_PORT: runtimePort,
  SHOWFLOW_RUNTIME_URL: process.env.SHOWFLOW_RUNTIME_URL ?? `http://127.0.0.1:${runtimePort}`,
};

const build = spawnSync('npx', ['turbo', 'run', 'build', '--output-logs=errors-only'], {
  cwd: root,
  env,
  stdio: 'inherit',
});
if (build.status !== 0) process.exit(build.status ?? 1);

// A larger young generation for the runtime: frames and packets are short-lived (decision 0025).
const runtimeEnv = { ...env, NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --max-semi-space-size=32`.trim() };
const children = [
  spawn('npx', ['tsx', 'apps/runtime/src/cli/main.ts', 'serve'], { cwd: root, env: runtimeEnv, stdio: 'inherit' }),
  spawn('npx', ['next', 'start', '-p', editorPort], { cwd: `${root}/apps/editor`, env, stdio: 'inherit' }),
];
console.log(
  `\nShowflow editor  http://localhost:${editorPort} (sign in; a first start prints the owner's password below)\nShowflow runtime http://127.0.0.1:${runtimePort} (/metrics, /healthz)\n`,
);

let stopping = false;
const stop = (code) => {
  if (stopping) return;
  stopping = true;
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 3000).unref();
};
for (const child of children) child.on('exit', (code) => stop(code ?? 0));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));
