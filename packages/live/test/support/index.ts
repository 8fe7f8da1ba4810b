/**
 * Browser test kit for live ingest and viewing, shared by this package's tests, the
 * runtime's integration tests and the glass-to-glass benchmark.
 */
export { launchChromium, LIVE_BROWSER_FLAGS, LOOPBACK_WEBRTC_FLAGS, QUIET_FLAGS, type TestBrowser } from './browser.ts';
export { openSdkPage } from './page.ts';
export { captureSdkBundle } from './sdk-bundle.ts';
export { startSdkPageServer, type PageServer } from './page-server.ts';
export { sendPlainWhip, sendPlainWhipVideo, type PlainWhipOptions, type PlainWhipResult, type WhipVideoCodec } from './whip-client.ts';
export { CLOCK_CANVAS_SCRIPT, CLOCK_READER_SCRIPT, readClockBarcode } from './clock-barcode.ts';
export { ANIMATED_CANVAS_SCRIPT } from './animated-canvas.ts';
export { waitFor } from './live-server.ts';
export { FLASH_BEEP_SCRIPT, avOffsets, avPairs, meanLuma, onsets, rms, type AvPair, type TimedValue } from './flash-beep.ts';
