/**
 * The same one-message-at-a-time chain as the hop benchmark, through plain Node-RED
 * nodes (`on('input')` → `send`), so Showflow's own per-hop cost can be told apart
 * from Node-RED's routing and asynchronous delivery.
 */
import type { EmbeddedNodeRed, FlowNode } from '../apps/runtime/src/engine/node-red.ts';

interface BareNode {
  send(msg: unknown): void;
  on(event: 'input', fn: (msg: { payload: number }, send: (m: unknown) => void, done: () => void) => void): void;
}

let source: BareNode | undefined;
let arrived: (() => void) | undefined;
let registered = false;

function register(nr: EmbeddedNodeRed): void {
  if (registered) return;
  registered = true;
  const nodes = nr.runtime._.nodes as unknown as {
    registerType(set: string, type: string, ctor: unknown): void;
    createNode(node: unknown, config: unknown): void;
  };
  function BareSource(this: BareNode, config: unknown) {
    nodes.createNode(this, config);
    source = this;
  }
  function BarePass(this: BareNode, config: unknown) {
    nodes.createNode(this, config);
    this.on('input', (msg, send, done) => {
      send(msg);
      done();
    });
  }
  function BareSink(this: BareNode, config: unknown) {
    nodes.createNode(this, config);
    this.on('input', (_msg, _send, done) => {
      done();
      arrived?.();
    });
  }
  nodes.registerType('bench', 'bench-bare-source', BareSource);
  nodes.registerType('bench', 'bench-bare-pass', BarePass);
  nodes.registerType('bench', 'bench-bare-sink', BareSink);
}

/** Microseconds per message through `hops` bare pass-through nodes. */
export async function bareChain(nr: EmbeddedNodeRed, hops: number, messages: number): Promise<number> {
  register(nr);
  const z = `bare-${hops}~`;
  const ids = ['src', ...Array.from({ length: hops }, (_, i) => `p${i}`), 'dst'].map((id) => `bare-${hops}-${id}`);
  const types = ['bench-bare-source', ...Array.from({ length: hops }, () => 'bench-bare-pass'), 'bench-bare-sink'];
  const flow: FlowNode[] = [
    { id: z, type: 'tab', label: z, disabled: false, info: '' },
    ...ids.map((id, i) => ({ id, type: types[i], z, x: i * 10, y: 0, wires: i < ids.length - 1 ? [[ids[i + 1]]] : [] })),
  ];
  await nr.setGroup(z, flow);
  const started = performance.now();
  for (let i = 0; i < messages; i++) {
    const back = new Promise<void>((resolve) => (arrived = resolve));
    source!.send({ payload: i });
    await back;
  }
  const perMessage = ((performance.now() - started) * 1000) / messages;
  await nr.setGroup(z, undefined);
  return perMessage;
}
