import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/**
 * Chromium flags for WebRTC on one machine: loopback candidates allowed, and real host
 * addresses instead of mDNS names (mDNS cannot resolve where only `lo` exists).
 */
export const LOOPBACK_WEBRTC_FLAGS = ['--allow-loopback-in-peer-connection', '--disable-features=WebRtcHideLocalIpsWithMdns'];

/** Headless Chromium that stays off the network: what every browser test here launches with. */
export const QUIET_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Sender and viewer pages are tabs of one window; the one not in front must not be niced or throttled. */
export const NO_BACKGROUNDING_FLAGS = ['--disable-renderer-backgrounding', '--disable-background-timer-throttling', '--disable-backgrounding-occluded-windows'];

export const FAKE_CAMERA_FLAGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'];

/** Test pages start audio (an OscillatorNode tone) without a click. */
export const AUTOPLAY_FLAGS = ['--autoplay-policy=no-user-gesture-required'];

/** What a browser that sends and watches live on this machine needs on top of the quiet flags. */
export const LIVE_BROWSER_FLAGS = [...NO_BACKGROUNDING_FLAGS, ...FAKE_CAMERA_FLAGS, ...LOOPBACK_WEBRTC_FLAGS];

export interface TestBrowser {
  context: BrowserContext;
  /** The fresh profile folder; it names this browser's processes on the machine. */
  userDataDir: string;
  close(): Promise<void>;
}

/** Headless Debian Chromium with a fresh profile that is deleted on close. */
export async function launchChromium(): Promise<TestBrowser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'showflow-live-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [...QUIET_FLAGS, ...NO_BACKGROUNDING_FLAGS, ...FAKE_CAMERA_FLAGS, ...LOOPBACK_WEBRTC_FLAGS, ...AUTOPLAY_FLAGS],
  });
  return {
    context,
    userDataDir,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}
