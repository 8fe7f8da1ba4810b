import type { EmbeddedNodeRed } from './node-red.ts';
import type { FrameHandle } from '../frames/pool.ts';

/**
 * The only file that touches Node-RED internals. Node-RED's public API has no way to
 * register node types from code; `runtime._.nodes.registerType` and `createNode` do what
 * a node package's `RED.nodes.registerType` does. Versions are pinned (5.0.7) because
 * this internal object may change in any release.
 */

/** What a Showflow message carries through Node-RED: a frame handle or a small value. */
export interface WireMessage {
  _msgid: string;
  sf: { from: string; port: string; id: string; frame?: FrameHandle; value?: unknown };
}

/** The engine's side of one Node-RED node. */
export interface NodeBinding {
  /** Called once per delivery Node-RED routes, before the message is queued for the target. */
  delivering(message: WireMessage): void;
  receive(message: WireMessage): void;
  close(): Promise<void>;
}

/** Turns a compiled flow node into a binding; looked up by the engine id in the node's config. */
export type BindFn = (node: NodeRedNode, config: CompiledNodeConfig) => NodeBinding;

export interface CompiledNodeConfig {
  id: string;
  type: string;
  sf: {
    engine: string;
    pipelineId: string;
    nodeId: string;
    typeVersion: number;
    config: Record<string, unknown>;
    /** `<source node>:<source port>` → the input ports (and edge ids) it feeds here. */
    inputs: Record<string, { port: string; edge: string }[]>;
    /** Output port ids in Node-RED output order (wires[i] belong to outputs[i]). */
    outputs: string[];
  };
}

export interface NodeRedNode {
  id: string;
  wires: string[][];
  send(msg: WireMessage | (WireMessage | null)[]): void;
  on(event: 'close', listener: (removed: boolean, done: () => void) => void): void;
  receive: (msg: WireMessage) => void;
  /** Lets the delivery hook find the sender's frame pool. */
  showflow?: NodeBinding;
}

const binders = new Map<string, BindFn>();
const registered = new Set<string>();
let hookInstalled = false;

export function addBinder(engineId: string, bind: BindFn): void {
  binders.set(engineId, bind);
}

export function removeBinder(engineId: string): void {
  binders.delete(engineId);
}

/** Registers each Showflow type once per process; later engines reuse the same constructor. */
export function registerTypes(nr: EmbeddedNodeRed, types: Iterable<string>): void {
  installDeliveryHook(nr);
  for (const type of types) {
    if (registered.has(type)) continue;
    function ShowflowNode(this: NodeRedNode, config: CompiledNodeConfig) {
      nr.runtime._.nodes.createNode(this, config);
      const bind = binders.get(config.sf.engine);
      if (!bind) throw new Error(`no Showflow engine ${config.sf.engine} for node ${config.id}`);
      const binding = bind(this, config);
      this.showflow = binding;
      // Delivered straight to the host, also after close: a message that was in flight
      // when the node stopped must still give back its frame reference.
      this.receive = (msg) => binding.receive(msg);
      this.on('close', (_removed, done) => {
        binding.close().then(done, done);
      });
    }
    nr.runtime._.nodes.registerType('showflow', type, ShowflowNode);
    registered.add(type);
  }
}

/**
 * Each delivery of a frame message takes one reference on the frame, counted where
 * Node-RED has found the destination node: a wire to a node that is being replaced
 * during a deploy delivers nothing and so takes nothing. Runs synchronously inside
 * `node.send`, while the sender still holds its own reference.
 */
function installDeliveryHook(nr: EmbeddedNodeRed): void {
  if (hookInstalled) return;
  hookInstalled = true;
  nr.util.hooks.add('preDeliver.showflow', (event) => {
    const e = event as { msg?: WireMessage; source?: { node?: NodeRedNode } };
    if (e.msg?.sf) e.source?.node?.showflow?.delivering(e.msg);
  });
}
