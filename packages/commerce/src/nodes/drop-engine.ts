import type { BaseContext, RunContext, ShowEvent } from '@showflow/nodes/sdk';
import { defineNode } from '@showflow/nodes/sdk';
import type { z } from 'zod';
import type { CommerceEvent } from '../events.ts';
import type { CreateDropInput } from '../schemas.ts';
import type { CommerceService } from '../service.ts';
import type { DropStatus, DropView } from '../views.ts';
import { dropSlot, type DropBaseConfig } from './drop-config.ts';
import { CardImage } from './overlay-image.ts';
import { dropRegistry, type DropCue } from './registry.ts';
import { fenceOf } from './fence.ts';
import { commerceService } from './service.ts';

/** Ticks often enough that a cue or a sale shows within a quarter second. */
const TICK_MS = 250;
/** The live state is read again at least this often, so the countdown shown is the server's. */
const REFRESH_MS = 900;
/** An unchanged card is sent again this often, so a restarted compose has it quickly. */
const REEMIT_MS = 500;

export interface DropNodeState {
  service: CommerceService;
  dropId: string;
  view: DropView;
  fetchedAt: number;
  deployedAt: number;
  timerFired: boolean;
  flashUntil: number;
  /** Orders-service events about this drop since the last run. */
  inbox: CommerceEvent[];
  /** Set when something changed the drop (a cue, an event): read it again on the next run. */
  stale: boolean;
  lastStatus: DropStatus;
  lastPriceCents: number;
  card: CardImage;
  lastEmitAt: number;
  release(): void;
}

export interface DropNodeSpec<C extends DropBaseConfig> {
  type: string;
  title: string;
  description: string;
  config: z.ZodType<C>;
  /** The drop to sell; a pure function of the config (an unchanged config leaves the drop as it is). */
  toInput(config: C): CreateDropInput;
  /** The overlay's lines, from the server's live state only; none hides the card. */
  cardLines(view: DropView, config: C, flashing: boolean): string[];
}

const inputs = { event: { type: 'event' as const, label: 'trigger events' } };
const outputs = { overlay: { type: 'image' as const }, events: { type: 'event' as const } };

type Ctx<C extends DropBaseConfig> = RunContext<z.ZodType<C>, DropNodeState, typeof inputs, typeof outputs>;

function dropOf(event: CommerceEvent): string | undefined {
  return 'dropId' in event.payload ? event.payload.dropId : undefined;
}

/**
 * A node that sells one drop through the orders service: it ensures its drop on setup,
 * starts and ends it on a cue, an event or its timer, and renders the overlay and events
 * from what the server reports — price, stock left, countdown — never from its own sums.
 */
export function defineDropNode<C extends DropBaseConfig>(spec: DropNodeSpec<C>) {
  async function setup(ctx: BaseContext<C>): Promise<DropNodeState> {
    const service = commerceService(ctx);
    const input = spec.toInput(ctx.config);
    // The node's own drop, edited to match this config: a redeploy or restart never mints stock.
    const dropId = (await service.ensureDrop(dropSlot(spec.type, ctx.pipelineId, ctx.nodeId), input, { fence: fenceOf(ctx) })).id;
    const view = await service.getDrop(dropId);
    const now = ctx.now();
    const state: DropNodeState = {
      service,
      dropId,
      view,
      fetchedAt: now,
      deployedAt: now,
      timerFired: false,
      flashUntil: 0,
      inbox: [],
      stale: false,
      lastStatus: view.status,
      lastPriceCents: view.price.unitCents,
      card: new CardImage(),
      lastEmitAt: -Infinity,
      release: () => {},
    };
    const unsubscribe = service.events.subscribeAll((event) => {
      if (dropOf(event) === dropId) state.inbox.push(event);
    });
    const unregister = dropRegistry(ctx)?.register({
      pipelineId: ctx.pipelineId,
      nodeId: ctx.nodeId,
      type: spec.type,
      dropId,
      cue: (action, cueId) => applyCue(state, ctx, action, `cue:${cueId}`),
    });
    state.release = () => {
      unsubscribe();
      unregister?.();
    };
    ctx.setStatus('ok', statusText(view));
    return state;
  }

  async function run(ctx: Ctx<C>) {
    const { state, config } = ctx;
    const now = ctx.now();
    if (ctx.trigger === 'event') await onTriggerEvent(ctx);
    if (config.startAfterSeconds > 0 && !state.timerFired && now - state.deployedAt >= config.startAfterSeconds * 1000) {
      state.timerFired = true;
      await guarded(ctx, 'timer start', () => applyCue(state, ctx, 'start', `timer:${state.dropId}`));
    }
    const happened = state.inbox.splice(0);
    for (const event of happened) {
      if (event.type !== 'ordered') continue;
      const { order, sold, available } = event.payload;
      state.flashUntil = now + config.flashSeconds * 1000;
      ctx.emit('events', showEvent('sold', event.payload.at, state, { orderId: order.id, quantity: order.quantity, sold, available }));
    }
    if (happened.length > 0 || state.stale || now - state.fetchedAt >= REFRESH_MS) {
      state.stale = false;
      state.view = await state.service.getDrop(state.dropId);
      state.fetchedAt = now;
      ctx.setStatus(state.view.status === 'ended' ? 'idle' : 'ok', statusText(state.view));
    }
    announceChanges(ctx, now);
    const flashing = now < state.flashUntil && state.view.status !== 'ended';
    const lines = spec.cardLines(state.view, config, flashing);
    const changed = await state.card.update(lines, {
      size: config.size,
      color: '#ffffff',
      background: flashing ? 'rgba(22,163,74,0.92)' : 'rgba(12,14,20,0.82)',
    });
    if (!changed && now - state.lastEmitAt < REEMIT_MS) return;
    state.lastEmitAt = now;
    return { overlay: state.card.toFrame(ctx.frames.alloc, ctx.nodeId, now) };
  }

  async function onTriggerEvent(ctx: Ctx<C>): Promise<void> {
    const event = ctx.inputs.event;
    if (!event) return;
    const { config, state } = ctx;
    const action: DropCue | undefined =
      event.kind === config.startOnEvent ? 'start' : event.kind === config.endOnEvent ? 'end' : event.kind === config.flashOnEvent ? 'flash' : undefined;
    if (!action) return;
    await guarded(ctx, `event ${event.kind}`, () => applyCue(state, ctx, action, `event:${ctx.messageId}:${event.at}`));
  }

  /** Emits drop-live / sold-out / restocked / ended and price changes, each once, as the server's state moves. */
  function announceChanges(ctx: Ctx<C>, now: number): void {
    const { state } = ctx;
    const { status, price } = state.view;
    if (status !== state.lastStatus) {
      const back = state.lastStatus === 'sold_out' || state.lastStatus === 'all_held';
      const kind = { live: back ? 'restocked' : 'drop-live', all_held: 'all-held', sold_out: 'sold-out', ended: 'ended', scheduled: 'scheduled' }[status];
      state.lastStatus = status;
      ctx.emit('events', showEvent(kind, now, state));
    }
    if (price.unitCents !== state.lastPriceCents) {
      state.lastPriceCents = price.unitCents;
      if (status === 'live') ctx.emit('events', showEvent('price', now, state, { tier: price.tier, nextChangeAt: price.nextChangeAt }));
    }
  }

  return defineNode({
    type: spec.type,
    typeVersion: 1,
    title: spec.title,
    category: 'commerce',
    description: spec.description,
    inputs,
    outputs,
    config: spec.config,
    budgetMs: 60,
    source: { intervalMs: () => TICK_MS },
    setup,
    run,
    dispose: (ctx) => ctx.state?.release(),
  });
}

/** A cue, an event or the timer acting on the drop; start and end are the server's to decide. */
async function applyCue(
  state: DropNodeState,
  ctx: Pick<BaseContext<DropBaseConfig>, 'config' | 'now' | 'services' | 'pipelineId'>,
  action: DropCue,
  key: string,
): Promise<DropView> {
  let view: DropView;
  if (action === 'flash') {
    state.flashUntil = ctx.now() + ctx.config.flashSeconds * 1000;
    view = await state.service.getDrop(state.dropId);
  } else {
    // The lease's fencing token goes with the cue: a paused old owner waking after a takeover is refused by the database.
    const opts = { idempotencyKey: key, fence: fenceOf(ctx) };
    const reply = action === 'start' ? await state.service.startDrop(state.dropId, opts) : await state.service.endDrop(state.dropId, opts);
    view = reply.body;
  }
  state.stale = true;
  return view;
}

/** A refused start (the drop ended) is shown on the node, not thrown: the show goes on. */
async function guarded(ctx: Pick<BaseContext<unknown>, 'setStatus'>, what: string, fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    ctx.setStatus('warn', `${what}: ${(error as Error).message}`.slice(0, 200));
  }
}

function showEvent(kind: string, at: number, state: DropNodeState, extra: Record<string, unknown> = {}): ShowEvent {
  const v = state.view;
  return {
    kind,
    at,
    data: { dropId: state.dropId, status: v.status, available: v.available, sold: v.sold, stock: v.stock, priceCents: v.price.unitCents, currency: v.price.currency, ...extra },
  };
}

function statusText(view: DropView): string {
  if (view.startsOnCue) return `waiting for cue · ${view.stock} units`;
  return `${view.status.replace('_', ' ')} · ${view.available}/${view.stock} left · ${view.sold} sold`;
}
