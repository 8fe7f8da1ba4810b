import { z } from 'zod';
import type { NodeCategory, PortType } from '@showflow/shared';
import type { BaseContext } from './context.ts';
import type { PortValue } from './values.ts';

export interface InputPortDecl {
  type: PortType;
  label?: string;
  /**
   * Whether a message on this port runs the node (default true). A non-trigger port
   * only updates the value the node sees next time, e.g. compose's overlay image.
   */
  trigger?: boolean;
}

export interface OutputPortDecl {
  type: PortType;
  label?: string;
}

export type InputDecls = Record<string, InputPortDecl>;
export type OutputDecls = Record<string, OutputPortDecl>;

export type InputValues<I extends InputDecls> = { [K in keyof I]?: PortValue<I[K]['type']> };
export type OutputValues<O extends OutputDecls> = { [K in keyof O]?: PortValue<O[K]['type']> };

export type ConfigSchema = z.ZodType<Record<string, unknown>>;

export interface RunContext<S extends ConfigSchema, State, I extends InputDecls, O extends OutputDecls>
  extends BaseContext<z.output<S>> {
  readonly state: State;
  /** The input port whose message caused this run; undefined on a source tick. */
  readonly trigger: keyof I | undefined;
  /** The triggering value plus the latest value seen on every other input. */
  readonly inputs: InputValues<I>;
  /** Id of the message being processed (frame id for frames), carried into errors. */
  readonly messageId: string;
  /** Source ticks counted from 0; 0 for non-sources. */
  readonly tick: number;
  /** Sends on an output outside the return value (e.g. from a callback). */
  emit<K extends keyof O & string>(port: K, value: PortValue<O[K]['type']>): void;
}

export interface DisposeContext<S extends ConfigSchema, State> extends BaseContext<z.output<S>> {
  readonly state: State;
}

export type ConfigMigration = (config: Record<string, unknown>) => Record<string, unknown>;

export interface NodeDefinition<
  S extends ConfigSchema = ConfigSchema,
  State = unknown,
  I extends InputDecls = InputDecls,
  O extends OutputDecls = OutputDecls,
> {
  /** Namespaced and never reused: `showflow.denoise`. */
  type: string;
  /** Bumped when the config shape changes; `migrations` upgrade older configs. */
  typeVersion: number;
  title: string;
  category: NodeCategory;
  description: string;
  inputs: I;
  outputs: O;
  config: S;
  /** Time budget per message, ms. Overruns are counted and coloured on the canvas. */
  budgetMs: number;
  /**
   * Makes the node a source: the runtime calls `run` every `intervalMs` with no trigger.
   * A tick that cannot run on time (the previous run still going, or the loop was late) is
   * skipped, never queued. `lateTicks: 'drop'` (default) counts each skipped tick as a
   * dropped frame — right when every tick makes one. `'skip'` counts none: for sources whose
   * ticks only keep something flowing while their real frames arrive by other means (live
   * capture's no-signal slate), so the canvas does not report losses that did not happen.
   */
  source?: { intervalMs(config: z.output<S>): number; lateTicks?: 'drop' | 'skip' };
  setup?(ctx: BaseContext<z.output<S>>): State | Promise<State>;
  /** Resolves with the outputs to send; a throw or rejection is counted as the node's error. */
  run(ctx: RunContext<S, State, I, O>): OutputValues<O> | void | Promise<OutputValues<O> | void>;
  dispose?(ctx: DisposeContext<S, State>): void | Promise<void>;
  /** Config upgrades keyed by the typeVersion they upgrade from. */
  migrations?: Record<number, ConfigMigration>;
}

/** Any node definition, whatever its config, state and ports. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyNodeDefinition = NodeDefinition<any, any, any, any>;

export class NodeDefinitionError extends Error {
  constructor(type: string, reason: string) {
    super(`node definition ${type || '(no type)'}: ${reason}`);
    this.name = 'NodeDefinitionError';
  }
}

const TYPE_ID = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;
const PORT_ID = /^[a-z][a-zA-Z0-9]*$/;

/**
 * Declares a node type. Checks the declaration up front so a mistake fails at load
 * with the type's name, not later in a running show.
 */
export function defineNode<S extends ConfigSchema, State, I extends InputDecls, O extends OutputDecls>(
  def: NodeDefinition<S, State, I, O>,
): NodeDefinition<S, State, I, O> {
  const fail = (reason: string) => {
    throw new NodeDefinitionError(def.type, reason);
  };
  if (!TYPE_ID.test(def.type)) fail('type must be namespaced, like showflow.denoise');
  if (!Number.isInteger(def.typeVersion) || def.typeVersion < 1) fail('typeVersion must be an integer ≥ 1');
  if (!(def.budgetMs > 0)) fail('budgetMs must be positive');
  if (typeof def.run !== 'function') fail('run must be a function');
  if (!(def.config instanceof z.ZodType)) fail('config must be a zod schema');
  for (const [side, ports] of [['input', def.inputs], ['output', def.outputs]] as const) {
    for (const id of Object.keys(ports)) if (!PORT_ID.test(id)) fail(`${side} port id "${id}" must be camelCase letters and digits`);
  }
  const sharedIds = Object.keys(def.inputs).filter((id) => id in def.outputs);
  if (sharedIds.length) fail(`port ids used as both input and output: ${sharedIds.join(', ')}`);
  for (const from of Object.keys(def.migrations ?? {})) {
    const v = Number(from);
    if (!Number.isInteger(v) || v < 1 || v >= def.typeVersion) fail(`migration from v${from} is outside 1..${def.typeVersion - 1}`);
  }
  if (!def.config.safeParse({}).success) fail('every config field needs a default, so a node dropped on the canvas is valid');
  return def;
}
