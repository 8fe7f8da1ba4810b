/**
 * Cost of one hop through Showflow's Node-RED path (host → Node-RED send/route/deliver →
 * host → run), against a plain chain of async functions doing the same pass-through.
 */
import { z } from 'zod';
import { PipelineDocument } from '@showflow/shared';
import { defineNode, NodeCatalog } from '@showflow/nodes/sdk';
import { Engine } from '../apps/runtime/src/engine/engine.ts';
import { createLogger } from '../apps/runtime/src/log.ts';
import { median } from './stats.ts';
import type { BenchResult } from './types.ts';
import { EmbeddedNodeRed } from '../apps/runtime/src/engine/node-red.ts';
import { bareChain } from './bare-node-red.ts';

const MESSAGES = 2000;
const HOPS = 40;
const ROUNDS = 3;

let arrived: ((value: number) => void) | undefined;
/** Called by the source with the time its messages took, first send to last arrival. */
let finished: ((elapsedMs: number) => void) | undefined;

/** Sends MESSAGES numbers one after another, each only after the previous reached the end. */
const ping = defineNode({
  type: 'bench.ping',
  typeVersion: 1,
  title: 'Ping',
  category: 'source',
  description: 'Sends numbers one at a time',
  inputs: {},
  outputs: { out: { type: 'number' } },
  config: z.object({}),
  budgetMs: 1e9,
  source: { intervalMs: () => 3_600_000 },
  async run(ctx) {
    // Timed from here, not from the deploy: the figure is per message, not per deploy.
    const started = performance.now();
    for (let i = 0; i < MESSAGES; i++) {
      const back = new Promise<number>((resolve) => (arrived = resolve));
      ctx.emit('out', i);
      await back;
    }
    finished?.(performance.now() - started);
  },
});

const pass = defineNode({
  type: 'bench.pass',
  typeVersion: 1,
  title: 'Pass',
  category: 'process',
  description: 'Passes a number on',
  inputs: { value: { type: 'number' } },
  outputs: { out: { type: 'number' } },
  config: z.object({}),
  budgetMs: 1e9,
  run: (ctx) => ({ out: ctx.inputs.value }),
});

const pong = defineNode({
  type: 'bench.pong',
  typeVersion: 1,
  title: 'Pong',
  category: 'output',
  description: 'Tells the sender a number arrived',
  inputs: { value: { type: 'number' } },
  outputs: {},
  config: z.object({}),
  budgetMs: 1e9,
  run(ctx) {
    arrived?.(ctx.inputs.value as number);
  },
});

function chain(id: string, hops: number): PipelineDocument {
  const ids = ['src', ...Array.from({ length: hops }, (_, i) => `p${i}`), 'dst'];
  const types = ['bench.ping', ...Array.from({ length: hops }, () => 'bench.pass'), 'bench.pong'];
  return {
    schemaVersion: 1,
    id,
    name: id,
    nodes: ids.map((nid, i) => ({ id: nid, type: types[i], typeVersion: 1, config: {}, position: { x: i * 10, y: 0 } })),
    edges: ids.slice(1).map((nid, i) => ({ id: `e${i}`, from: { node: ids[i], port: 'out' }, to: { node: nid, port: 'value' } })),
  };
}

/** Microseconds per message for a chain with `hops` pass-through nodes. */
async function timeChain(engine: Engine, hops: number): Promise<number> {
  const id = `hops${hops}`;
  const done = new Promise<number>((resolve) => (finished = resolve));
  await engine.deploy(PipelineDocument.parse(chain(id, hops)), 1);
  const perMessage = ((await done) * 1000) / MESSAGES;
  await engine.stop(id);
  return perMessage;
}

async function plainChain(hops: number): Promise<number> {
  const fns = Array.from({ length: hops }, () => async (v: number) => v);
  const started = performance.now();
  for (let i = 0; i < MESSAGES * 10; i++) {
    let v = i;
    for (const f of fns) v = await f(v);
  }
  return ((performance.now() - started) * 1000) / (MESSAGES * 10);
}


export default async function (): Promise<BenchResult> {
  const engine = await Engine.create({ catalog: new NodeCatalog([ping, pass, pong], 'bench'), log: createLogger('error') });
  await timeChain(engine, 2); // warm-up: JIT and Node-RED type registration
  const short: number[] = [];
  const long: number[] = [];
  const plain: number[] = [];
  const bare: number[] = [];
  const nr = await EmbeddedNodeRed.get('error', createLogger('error'));
  await bareChain(nr, 2, 200); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    short.push(await timeChain(engine, 0));
    long.push(await timeChain(engine, HOPS));
    bare.push(((await bareChain(nr, HOPS, MESSAGES)) - (await bareChain(nr, 0, MESSAGES))) / HOPS);
    plain.push((await plainChain(HOPS)) - (await plainChain(0)));
  }
  await engine.close();
  const perHop = (median(long) - median(short)) / HOPS;
  const barePerHop = median(bare);
  const plainPerHop = Math.max(median(plain) / HOPS, 1e-3);
  return {
    title: 'Hop overhead through Node-RED',
    method: `${MESSAGES} numbers sent one at a time through ${HOPS} pass-through nodes and through none (source → sink), timed from the source's first send to the last arrival (the deploy before it is not counted); per hop = difference / ${HOPS}, median of ${ROUNDS}. Baselines in the same run: the same chain of bare Node-RED nodes, and a chain of ${HOPS} plain async functions.`,
    rows: [
      { metric: 'per hop, Showflow on Node-RED', value: round(perHop), unit: 'µs' },
      { metric: 'per hop, bare Node-RED nodes (same chain, no Showflow host)', value: round(barePerHop), unit: 'µs' },
      { metric: 'Showflow host cost per hop above bare Node-RED', value: round(perHop - barePerHop), unit: 'µs' },
      { metric: 'per hop, plain async function', value: round(plainPerHop, 3), unit: 'µs' },
      { metric: 'ratio', value: round(perHop / plainPerHop, 0), unit: '×' },
      { metric: `message through ${HOPS} hops`, value: round(median(long)), unit: 'µs' },
      { metric: 'message source → sink, no hop', value: round(median(short)), unit: 'µs' },
    ],
    goal: '≤ 10 µs per hop',
    met: perHop <= 10,
    notes: 'Each hop includes Node-RED routing with asynchronous (setImmediate) delivery, the node host inbox, run bookkeeping and latency/fps metrics.',
  };
}

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;
