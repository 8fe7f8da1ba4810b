import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { PipelineDocumentInput } from '@showflow/shared';
import { screenshot } from './support/canvas.ts';
import { startShow, type Show } from './support/stack.ts';

const PIPELINE = 'merch-desk';
const DROP = 'cap-drop';

// A drop alone: its `events` port announces each change of the drop the orders service reports.
const document: PipelineDocumentInput = {
  schemaVersion: 1,
  id: PIPELINE,
  name: 'Merch desk',
  nodes: [
    {
      id: DROP,
      type: 'showflow.drop',
      typeVersion: 1,
      config: { sku: 'CAP-01', title: 'Studio cap', quantity: 12, priceCents: 2500, currency: 'EUR', durationSeconds: 600, perViewerLimit: 2, reservationTtlSeconds: 120, size: 18 },
      position: { x: 0, y: 0 },
    },
  ],
  edges: [],
};

/** The log's lines, newest first, as the kinds of the events they show (null for a line that is not an event's JSON). */
function loggedKinds(page: Page): Promise<(string | null)[]> {
  return page.locator('[data-testid="port-data-events"] [data-testid="port-log"][data-source="tap"] li code').evaluateAll((codes) =>
    codes.map((c) => /^\{"kind":"([^"]+)"/.exec(c.textContent ?? '')?.[1] ?? null),
  );
}

// The producer watches a drop's events port in the data panel while cueing the drop from the runtime's API.
describe('the inspector data panel logs the events a port sends', () => {
  let show: Show;
  let page: Page;
  const tid = (id: string) => page.getByTestId(id);

  beforeAll(async () => {
    show = await startShow({ documents: [document] });
    page = show.page;
  }, 300_000);

  afterAll(() => show?.stop());

  it('lists a drop’s events as they arrive, newest first, with what they carry', async () => {
    await page.goto(`${show.editor.url}/pipelines/${PIPELINE}`);
    await tid('canvas').waitFor({ state: 'visible' });
    // The tap opens with the first read: wait for one before anything is sent, or the first event is missed.
    const firstRead = page.waitForResponse((r) => r.url().includes('/trpc/ports.tap') && r.ok(), { timeout: 30_000 });
    await tid(`node-${DROP}`).click();
    await tid('tab-inspector').click();
    await tid('port-data-events').waitFor({ state: 'visible', timeout: 30_000 });
    await firstRead;

    await show.api.commerce.cue.mutate({ pipelineId: PIPELINE, nodeId: DROP, action: 'start' });
    await expect.poll(() => loggedKinds(page), { timeout: 30_000 }).toContain('drop-live');
    await show.api.commerce.cue.mutate({ pipelineId: PIPELINE, nodeId: DROP, action: 'end' });
    await expect.poll(async () => (await loggedKinds(page))[0], { timeout: 30_000 }).toBe('ended');

    const kinds = await loggedKinds(page);
    expect(kinds).not.toContain(null);
    // Newest first: the end came after the drop went live, and each change is logged once.
    expect(kinds.indexOf('ended')).toBeLessThan(kinds.indexOf('drop-live'));
    expect(kinds.filter((k) => k === 'drop-live')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'ended')).toHaveLength(1);

    // What a line shows is what the port sent: the runtime's own tap has the same event, with the drop's state.
    const lines = page.locator('[data-testid="port-data-events"] [data-testid="port-log"] li');
    const endedLine = (await lines.first().locator('code').textContent()) ?? '';
    const reading = await show.api.ports.tap.query({ pipelineId: PIPELINE, nodeId: DROP });
    const sent = reading?.ports.find((p) => p.id === 'events')?.samples.flatMap((s) => (s.kind === 'value' ? [s.text] : [])) ?? [];
    expect(sent).toContain(endedLine);
    expect(endedLine).toMatch(/"status":"ended"/);
    const liveLine = (await lines.nth(kinds.indexOf('drop-live')).locator('code').textContent()) ?? '';
    expect(sent).toContain(liveLine);
    expect(liveLine).toMatch(/"status":"live","available":12,"sold":0,"stock":12,"priceCents":2500/);
    // Each line says how long ago it came.
    await expect(lines.first().locator('time').textContent()).resolves.toMatch(/^\d+(\.\d)? (ms|s|min)$/);
    await tid('port-data-events').scrollIntoViewIfNeeded();
    await screenshot(page, 'port-data-events');
  }, 120_000);
});
