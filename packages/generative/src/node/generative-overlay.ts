import { defineNode, type BaseContext, type Frame } from '@showflow/nodes/sdk';
import type { RawPixels } from '@showflow/nodes/pixels';
import type { GenerativeService } from '../service/generative-service.ts';
import type { AssetResult, VariationSpec } from '../service/results.ts';
import { applyActive } from './apply-active.ts';
import { generativeOverlayConfig, type GenerativeOverlayConfig } from './config.ts';
import { DecodedAssets, NO_OVERLAY, overlayFrame } from './decoded-assets.ts';
import { generativeService, overlayNodeKey } from './service-accessor.ts';
import { statusText } from './status-text.ts';
import { expandVariations } from './variations.ts';

const TYPE_VERSION = 1;
/**
 * Housekeeping tick: re-sends and the status readout. A new asset (select, applied result,
 * finished decode) is sent at once through `watch`, so switches never wait for a tick; a
 * 33 ms tick would only add timer load, counted as drops whenever a busy loop skips one.
 */
export const OVERLAY_TICK_MS = 100;
/** An unchanged image is sent again this often, so a restarted compose has it quickly. */
export const OVERLAY_REEMIT_MS = 500;
const STATUS_EVERY_MS = 1000;

interface OverlayState {
  readonly ctx: BaseContext<GenerativeOverlayConfig>;
  readonly service: GenerativeService;
  readonly key: string;
  readonly specs: VariationSpec[];
  readonly decoded: DecodedAssets;
  hidden: boolean;
  warning: string | undefined;
  /** Revision last sent (an asset hash, or 'none'), and when. */
  sentRevision: string | undefined;
  sentAt: number;
  /** Captured from the first run, so a select can be sent between ticks. */
  emit: ((frame: Frame) => void) | undefined;
  unwatch: () => void;
  statusShown: string;
  statusAt: number;
  decodeError: string | undefined;
}

export const generativeOverlay = defineNode({
  type: 'showflow.generative-overlay',
  typeVersion: TYPE_VERSION,
  title: 'Generative overlay',
  category: 'generative',
  description:
    'A text-to-image overlay for compose. Its variations are generated (or read from the cache) during deploy, before the show; switching between them is instant and never waits on the provider. Every call is charged to the budget label.',
  inputs: {},
  outputs: { image: { type: 'image' } },
  config: generativeOverlayConfig,
  budgetMs: 5,
  source: { intervalMs: () => OVERLAY_TICK_MS },

  async setup(ctx): Promise<OverlayState> {
    const service = generativeService(ctx);
    const key = overlayNodeKey(ctx.pipelineId, ctx.nodeId);
    const { config } = ctx;
    const specs = expandVariations(config);
    // Deploy waits for this: the variations are ready (and paid for) before the first frame.
    const outcomes = await service.precompute(key, specs, { label: config.label, width: config.width, height: config.height, nodeTypeVersion: TYPE_VERSION, concurrency: 2 });
    const decoded = new DecodedAssets();
    const made = outcomes.flatMap((o) => (o.ok ? [o.assetHash] : []));
    await Promise.all(made.map(async (hash) => {
      const asset = await service.getAsset(hash);
      if (asset) await decoded.decode(hash, asset.bytes);
    }));
    const choice = applyActive(service, key, config.active, config.fallback, outcomes);
    const current = service.peek(key);
    if (current) await decoded.decode(current.assetHash, current.bytes);
    const state: OverlayState = {
      ctx,
      service,
      key,
      specs,
      decoded,
      hidden: choice.hidden,
      warning: choice.warning,
      sentRevision: undefined,
      sentAt: -Infinity,
      emit: undefined,
      unwatch: () => undefined,
      statusShown: '',
      statusAt: -Infinity,
      decodeError: undefined,
    };
    for (const o of outcomes) if (!o.ok) ctx.log.warn(`variation ${o.index + 1} of ${key}: ${o.message}`);
    state.unwatch = service.watch(key, (asset) => onNewAsset(state, asset));
    return state;
  },

  run(ctx) {
    const { state } = ctx;
    state.emit ??= (frame) => ctx.emit('image', frame);
    const now = ctx.now();
    if (now - state.statusAt >= STATUS_EVERY_MS) showStatus(state, now);
    const frame = nextFrame(state, now, false);
    return frame ? { image: frame } : undefined;
  },

  dispose(ctx) {
    ctx.state.unwatch();
  },
});

/** A select or applied result: sent at once when its pixels are ready, else as soon as they are decoded. */
function onNewAsset(state: OverlayState, asset: AssetResult): void {
  state.hidden = false;
  state.warning = undefined;
  const now = state.ctx.now();
  showStatus(state, now);
  if (!state.decoded.get(asset.assetHash)) {
    startDecode(state, asset);
    return;
  }
  const frame = nextFrame(state, now, true);
  if (frame) state.emit?.(frame);
}

/** The frame to send now, or undefined when nothing changed and the re-send is not due. */
function nextFrame(state: OverlayState, now: number, changedOnly: boolean): Frame | undefined {
  let pixels: RawPixels;
  let revision: string;
  if (state.hidden) {
    pixels = NO_OVERLAY;
    revision = 'none';
  } else {
    const asset = state.service.peek(state.key);
    if (!asset) return undefined;
    const decoded = state.decoded.get(asset.assetHash);
    if (!decoded) {
      startDecode(state, asset);
      return undefined;
    }
    pixels = decoded;
    revision = asset.assetHash;
  }
  const changed = revision !== state.sentRevision;
  if (!changed && (changedOnly || now - state.sentAt < OVERLAY_REEMIT_MS)) return undefined;
  state.sentRevision = revision;
  state.sentAt = now;
  return overlayFrame(pixels, revision === 'none' ? '00000000' : revision, state.ctx.frames.alloc, state.ctx.nodeId, now);
}

function startDecode(state: OverlayState, asset: AssetResult): void {
  // Off the frame path, sent when ready. A failure is shown, never thrown into the host.
  state.decoded.decode(asset.assetHash, asset.bytes).then(
    () => {
      state.decodeError = undefined;
      const frame = nextFrame(state, state.ctx.now(), true);
      if (frame) state.emit?.(frame);
    },
    (err: Error) => {
      state.decodeError = `cannot decode asset ${asset.assetHash.slice(0, 12)}: ${err.message}`;
      showStatus(state, state.ctx.now());
    },
  );
}

function showStatus(state: OverlayState, now: number): void {
  state.statusAt = now;
  const { service, key } = state;
  const readout = statusText(service.nodeStats(key), service.activeVariation(key), state.specs.length);
  const problem = state.decodeError ?? state.warning;
  const text = problem ? `${problem} · ${readout}` : readout;
  if (text === state.statusShown) return;
  state.statusShown = text;
  const nothingToShow = !state.hidden && !service.peek(key);
  const level = state.decodeError || nothingToShow ? 'error' : state.warning ? 'warn' : 'ok';
  state.ctx.setStatus(level, text);
}
