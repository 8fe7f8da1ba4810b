import { z } from 'zod';
import { defineNode } from '@showflow/nodes/sdk';
import type { TipView } from '../tips.ts';
import { formatMoney } from '@showflow/shared';
import { CardImage } from './overlay-image.ts';
import { optionalCommerceService } from './service.ts';

const config = z.object({
  /** Whose tips to show: empty for this pipeline's own channel. */
  channel: z.string().max(128).default(''),
  /** How long each tip stays on screen. */
  showSeconds: z.number().min(1).max(60).default(6),
  /** Smaller tips are thanked on the viewer page but not raised on stream. */
  minAmountCents: z.int().min(0).max(100_000).default(0),
  /** The event kind on the `event` input that raises a tip (data: displayName, amountCents, currency, message). */
  tipEvent: z.string().max(64).default('tip'),
  size: z.number().min(10).max(120).default(30),
  background: z.string().default('rgba(168,85,247,0.9)'),
});

interface ShownTip {
  name: string;
  amountCents: number;
  currency: string;
  message: string;
}

interface State {
  queue: ShownTip[];
  showing: { tip: ShownTip; until: number } | null;
  card: CardImage;
  lastEmitAt: number;
  release(): void;
}

/** Tips beyond this wait are dropped from the screen (still recorded): a tip storm must not queue for an hour. */
const MAX_QUEUED = 20;

function fromEvent(data: Record<string, unknown> | undefined): ShownTip | null {
  const amount = Number(data?.amountCents);
  const currency = String(data?.currency ?? '');
  if (!Number.isInteger(amount) || amount <= 0 || !/^[A-Z]{3}$/.test(currency)) return null;
  return { name: String(data?.displayName ?? 'A viewer').slice(0, 40), amountCents: amount, currency, message: String(data?.message ?? '').slice(0, 140) };
}

const fromView = (tip: TipView): ShownTip => ({
  name: tip.displayName ?? 'A viewer',
  amountCents: tip.amountCents,
  currency: tip.currency,
  message: tip.message,
});

export const tipOverlay = defineNode({
  type: 'showflow.tip-overlay',
  typeVersion: 1,
  title: 'Tip overlay',
  category: 'commerce',
  description:
    'Raises a thank-you overlay for each tip — recorded through the tips API (POST /api/tips) or arriving as a "tip" event — for a few seconds each, one after another; hidden between tips.',
  inputs: { event: { type: 'event', label: 'tip events' } },
  outputs: { overlay: { type: 'image' } },
  config,
  budgetMs: 60,
  source: { intervalMs: () => 250 },
  setup(ctx): State {
    const state: State = { queue: [], showing: null, card: new CardImage(), lastEmitAt: -Infinity, release: () => {} };
    const channel = ctx.config.channel || ctx.pipelineId;
    const service = optionalCommerceService(ctx);
    if (!service) {
      ctx.setStatus('warn', 'no commerce service: only tips from events are shown');
      return state;
    }
    state.release = service.events.subscribe('tipped', ({ tip }) => {
      if (tip.channel === channel && tip.amountCents >= ctx.config.minAmountCents && state.queue.length < MAX_QUEUED) state.queue.push(fromView(tip));
    });
    ctx.setStatus('ok', `tips for ${channel}`);
    return state;
  },
  async run(ctx) {
    const { state, config } = ctx;
    const now = ctx.now();
    if (ctx.trigger === 'event' && ctx.inputs.event?.kind === config.tipEvent) {
      const tip = fromEvent(ctx.inputs.event.data);
      if (tip && tip.amountCents >= config.minAmountCents && state.queue.length < MAX_QUEUED) state.queue.push(tip);
    }
    if (state.showing && now >= state.showing.until) state.showing = null;
    if (!state.showing && state.queue.length > 0) state.showing = { tip: state.queue.shift()!, until: now + config.showSeconds * 1000 };
    const tip = state.showing?.tip;
    const lines = tip ? [`${tip.name} tipped ${formatMoney(tip.amountCents, tip.currency)}`, ...(tip.message ? [tip.message] : [])] : [];
    const changed = await state.card.update(lines, { size: config.size, color: '#ffffff', background: config.background });
    if (!changed && now - state.lastEmitAt < 500) return;
    state.lastEmitAt = now;
    return { overlay: state.card.toFrame(ctx.frames.alloc, ctx.nodeId, now) };
  },
  dispose: (ctx) => ctx.state?.release(),
});
