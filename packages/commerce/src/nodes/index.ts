import type { AnyNodeDefinition } from '@showflow/nodes/sdk';
import { bundleTimer } from './bundle-timer.ts';
import { discount } from './discount.ts';
import { drop } from './drop.ts';
import { tipOverlay } from './tip-overlay.ts';

export { drop, discount, bundleTimer, tipOverlay };
export { commerceService, commerceServiceName } from './service.ts';
export { fenceOf, pipelineFenceServiceName, type PipelineFences } from './fence.ts';
export { DropRegistry, dropRegistry, dropRegistryName, type DropCue, type RegisteredDrop } from './registry.ts';
export { formatCountdown, formatMoney } from '@showflow/shared';

/** The commerce node types, in palette order. */
export const commerceNodes: AnyNodeDefinition[] = [drop, discount, bundleTimer, tipOverlay];
