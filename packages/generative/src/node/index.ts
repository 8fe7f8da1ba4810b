export { generativeOverlay, OVERLAY_TICK_MS, OVERLAY_REEMIT_MS } from './generative-overlay.ts';
export { generativeOverlayConfig, fallbackPolicies, MAX_VARIATIONS, type GenerativeOverlayConfig, type FallbackPolicy } from './config.ts';
export { expandVariations } from './variations.ts';
export { generativeService, overlayNodeKey, GENERATIVE_SERVICE } from './service-accessor.ts';
export { statusText, formatCents } from './status-text.ts';
