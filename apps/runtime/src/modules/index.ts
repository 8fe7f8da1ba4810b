import type { AnyNodeDefinition } from '@showflow/nodes/sdk';
import type { RuntimeEnv } from '../env.ts';
import type { Logger } from '../log.ts';
import type { RuntimeModule, RuntimeModuleFactory } from './module.ts';
import { generativeModule } from './generative.ts';
import { liveModule } from './live.ts';
import { commerceModule } from './commerce.ts';
import { audioModule } from './audio.ts';
import { mediaModule } from './media.ts';
import { programOutModule } from './program-out.ts';
import { scenesModule } from './scenes.ts';

export type { RuntimeModule, RuntimeModuleFactory } from './module.ts';
export { servicesOf } from './module.ts';

/** Every layer the runtime plugs in, in the order their HTTP routes are tried. */
export const runtimeModules: RuntimeModuleFactory[] = [generativeModule, commerceModule, liveModule, mediaModule, audioModule, programOutModule, scenesModule];

export function moduleNodes(factories: readonly RuntimeModuleFactory[] = runtimeModules): AnyNodeDefinition[] {
  return factories.flatMap((f) => f.nodes);
}

/** Opens every module; if one fails, those already open are closed and the error names it. */
export async function openModules(env: RuntimeEnv, log: Logger, factories: readonly RuntimeModuleFactory[] = runtimeModules): Promise<RuntimeModule[]> {
  const opened: RuntimeModule[] = [];
  for (const factory of factories) {
    try {
      opened.push(await factory.open(env, log));
    } catch (err) {
      await Promise.all(opened.map((m) => m.close().catch(() => undefined)));
      throw new Error(`module ${factory.name} failed to open: ${(err as Error).message}`, { cause: err });
    }
  }
  return opened;
}
