/**
 * `npm run bench`: runs every benchmark in one process, one after another, prints the
 * figures and writes them to docs/benchmarks.md. Each benchmark measures Showflow against
 * a baseline in the same run and reports ratios, because absolute times drift on a
 * shared machine. `npm run bench -- <name> ...` runs a subset and leaves the doc alone.
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { machineCpuTimes, machineShares } from './machine-cpu.ts';
import type { Bench, BenchResult } from './types.ts';

const benches: Record<string, () => Promise<{ default: Bench }>> = {
  'hop-overhead': () => import('./hop-overhead.ts'),
  'isolated-hop': () => import('./isolated-hop.ts'),
  'pixel-chain': () => import('./pixel-chain.ts'),
  redeploy: () => import('./redeploy.ts'),
  'validate-large': () => import('./validate-large.ts'),
  'editor-render': () => import('./editor-render.ts'),
  'reservation-rush': () => import('../packages/commerce/bench/reservation-rush.ts'),
  'drop-storm': () => import('../packages/commerce/bench/drop-storm.ts'),
  'glass-to-glass': () => import('../packages/live/bench/glass-to-glass.ts'),
  'whip-glass-to-glass': () => import('../packages/live/bench/whip-glass-to-glass.ts'),
  'av-offset': () => import('../packages/live/bench/av-offset.ts'),
  'program-out': () => import('./program-out.ts'),
  'generative-cache': () => import('../packages/generative/bench/generative-cache.ts'),
  'variation-switch': () => import('../packages/generative/bench/variation-switch.ts'),
  'audio-chain': () => import('./audio-chain.ts'),
  'deploy-history': () => import('./deploy-history.ts'),
  failover: () => import('./failover.ts'),
};

const requested = process.argv.slice(2);
const unknown = requested.filter((name) => !(name in benches));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}`);
  process.exit(2);
}
const names = requested.length ? requested : Object.keys(benches);

const results: BenchResult[] = [];
let failed = false;
for (const name of names) {
  process.stdout.write(`\n▶ ${name}\n`);
  try {
    const { default: bench } = await benches[name]();
    const before = await machineCpuTimes();
    const result = await bench();
    result.hostStealPercent = machineShares(before, await machineCpuTimes()).stealPercent;
    results.push(result);
    console.log(renderResult(result));
  } catch (error) {
    failed = true;
    console.error(`✗ ${name} failed:`, error);
    // The run's other figures still stand; the doc says which benchmark gave none, and why.
    results.push({
      title: `${name} (failed)`,
      method: 'The benchmark stopped with an error before giving figures.',
      rows: [{ metric: 'error', value: String((error as Error)?.message ?? error).split('\n')[0].slice(0, 300) }],
      goal: 'not measured',
      met: false,
    });
  }
}

if (!requested.length) {
  const doc = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url));
  await writeFile(doc, renderDoc(results));
  console.log(`\nwrote ${doc}`);
}
process.exit(failed ? 1 : 0);

function renderResult(r: BenchResult): string {
  const rows = r.rows.map((row) => `| ${row.metric} | ${formatValue(row.value)}${row.unit ? ` ${row.unit}` : ''} |`);
  return [
    `### ${r.title}`,
    '',
    r.method,
    '',
    '| metric | value |',
    '|---|---|',
    ...rows,
    '',
    `Goal: ${r.goal} — **${r.met ? 'met' : 'not met'}**`,
    ...(r.notes ? ['', r.notes] : []),
    ...(r.hostStealPercent !== undefined ? ['', `Host steal while this ran: ${r.hostStealPercent.toFixed(0)} % of the machine's CPU time went to other tenants.`] : []),
    '',
  ].join('\n');
}

function formatValue(v: number | string): string {
  if (typeof v === 'string') return v;
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3);
}

function renderDoc(all: BenchResult[]): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
  return [
    '# Benchmarks',
    '',
    'Written by `npm run bench` from one run; do not edit by hand. Every figure is measured',
    'side by side with its baseline in the same run, so compare ratios rather than absolute times.',
    '',
    `Run: ${new Date().toISOString()} · ${os.cpus().length} × ${cpu} · Node ${process.version} · ${os.platform()} ${os.release()}`,
    '',
    ...all.map(renderResult),
  ].join('\n');
}
