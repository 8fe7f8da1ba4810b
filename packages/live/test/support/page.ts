import type { BrowserContext, Page } from 'playwright-core';

/** Opens the test page with the capture SDK loaded as `globalThis.sdk`. */
export async function openSdkPage(context: BrowserContext, serverUrl: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${serverUrl}/`);
  await page.addScriptTag({ type: 'module', content: "import * as sdk from '/sdk.js'; globalThis.sdk = sdk;" });
  await page.waitForFunction(() => 'sdk' in globalThis);
  return page;
}
