import type { ShowflowError } from '@showflow/shared';
import type { AnyNodeDefinition, BaseContext } from '@showflow/nodes/sdk';
import type { NodeOrigin } from '../packages/package-catalog.ts';
import { IsolatedNode } from './isolated-node.ts';
import type { IsolationLimits } from './limits.ts';

export interface IsolationHooks {
  limits: IsolationLimits;
  /** Crash, watchdog stop or giving up of the node's worker (recorded on the node). */
  fault(error: ShowflowError, restarting: boolean): void;
  startCrash(error: ShowflowError): void;
  stable(): void;
  /** Takes a shared frame buffer the worker made into the frame pool's care. */
  claim(buffer: Buffer): void;
  /** The node's supervisor, once created (for restart counts in health). */
  created(node: IsolatedNode): void;
}

interface IsolatedState {
  node: IsolatedNode;
  emit?: (port: string, value: unknown) => void;
  /** The latest run's inputs, for outputs the worker passed through by reference. */
  inputs: Record<string, unknown>;
}

/**
 * The definition the runtime hosts in place of a package's own: same ports, config,
 * budget and source timing, but setup, run and dispose happen in the node's worker.
 * The node host (inbox, metrics, previews, source timer) treats it like any other node.
 */
export function isolatedDefinition(def: AnyNodeDefinition, origin: NodeOrigin, hooks: IsolationHooks): AnyNodeDefinition {
  return {
    ...def,
    async setup(ctx: BaseContext<Record<string, unknown>>): Promise<IsolatedState> {
      const state = { inputs: {} } as IsolatedState;
      state.node = new IsolatedNode(
        { module: origin.module, type: origin.type, nodeId: ctx.nodeId, pipelineId: ctx.pipelineId, config: ctx.config },
        def.budgetMs,
        hooks.limits,
        {
          emit: (port, value, _messageId, same) => state.emit?.(port, same !== undefined ? state.inputs[same] : value),
          claim: hooks.claim,
          status: (level, text) => ctx.setStatus(level, text),
          log: (level, message) => ctx.log[level](message),
          fault: hooks.fault,
          startCrash: hooks.startCrash,
          stable: hooks.stable,
        },
      );
      hooks.created(state.node);
      // A stop (redeploy, shutdown) ends restarts and waiting work at once.
      ctx.signal.addEventListener('abort', () => state.node.abandon(), { once: true });
      await state.node.start();
      return state;
    },
    run(ctx) {
      const state = ctx.state as IsolatedState;
      state.emit = ctx.emit as IsolatedState['emit'];
      const inputs = ctx.inputs as Record<string, unknown>;
      state.inputs = inputs;
      return state.node.run({ trigger: ctx.trigger as string | undefined, inputs, messageId: ctx.messageId, tick: ctx.tick }).then(({ outputs, same }) => {
        if (same) for (const port in same) (outputs ??= {})[port] = inputs[same[port]!];
        return outputs;
      });
    },
    async dispose(ctx) {
      await (ctx.state as IsolatedState).node.stop();
    },
  };
}
