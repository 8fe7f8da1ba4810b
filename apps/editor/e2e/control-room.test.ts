import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { PipelineDocumentInput } from '@showflow/shared';
import { LIVE_BROWSER_FLAGS } from '@showflow/live/testing';
import { screenshot } from './support/canvas.ts';
import { startShow, type RuntimeClient, type Show } from './support/stack.ts';

const node = (id: string, type: string, config: Record<string, unknown>, x: number, y = 0) => ({ id, type, typeVersion: 1, config, position: { x, y } });
const edge = (from: string, fromPort: string, to: string, toPort: string) => ({ id: `${from}-${fromPort}-${to}-${toPort}`, from: { node: from, port: fromPort }, to: { node: to, port: toPort } });

/** Two cameras (the second graded dark), a looping tone, a scene switcher and the program out. */
function sceneShow(): PipelineDocumentInput {
  return {
    schemaVersion: 1,
    id: 'two-cameras',
    name: 'Two cameras',
    nodes: [
      node('wide', 'showflow.synthetic-capture', { width: 320, height: 180, fps: 10, noise: 0, seed: 1 }, 0),
      node('close', 'showflow.synthetic-capture', { width: 320, height: 180, fps: 10, noise: 0, seed: 7 }, 0, 150),
      node('dark', 'showflow.color-correct', { brightness: -0.4, saturation: 0 }, 200, 150),
      node('tone', 'showflow.audio-file', { path: 'tone.wav' }, 0, 300),
      node('mixer', 'showflow.scene-switcher', { names: ['Wide', 'Close-up'], fadeMs: 800 }, 400),
      node('on-air', 'showflow.program-out', { width: 320, height: 180, videoKbps: 400 }, 650),
    ],
    edges: [
      edge('wide', 'frame', 'mixer', 'in1'),
      edge('close', 'frame', 'dark', 'frame'),
      edge('dark', 'out', 'mixer', 'in2'),
      edge('tone', 'out', 'mixer', 'audio1'),
      edge('mixer', 'program', 'on-air', 'frame'),
      edge('mixer', 'audio', 'on-air', 'audio'),
    ],
  };
}

// A producer runs a show: a shipped template goes live from the test pattern, viewers watch
// it, it goes off air; then scenes are switched from the control room with the keyboard.
describe('running a show from the control room', () => {
  let show: Show;
  let editor: Show['editor'];
  let browser: Show['browser'];
  let page: Page;
  let api: RuntimeClient;
  let pipelineId = '';
  const tid = (id: string, on: Page = page) => on.getByTestId(id);
  const attr = (on: Page, id: string, name: string) => tid(id, on).getAttribute(name);

  beforeAll(async () => {
    show = await startShow({ browserArgs: [...LIVE_BROWSER_FLAGS, '--autoplay-policy=no-user-gesture-required'] });
    ({ editor, browser, page, api } = show);
    page.setDefaultTimeout(60_000);
    // The first run may build the editor, on a machine others share.
  }, 900_000);

  afterAll(() => show?.stop());

  it('imports a template, deploys it and goes live from the test pattern: the watch page plays the program', async () => {
    await page.goto(`${editor.url}/templates`);
    await tid('use-template-podcast-sponsors').click();
    await tid('template-pipeline-name').fill('Night Show');
    await tid('template-import').click();
    await page.waitForURL(/\/pipelines\/night-show-[0-9a-f]+$/);
    pipelineId = page.url().split('/').at(-1)!;
    await tid('deploy').click();
    await expect.poll(() => tid('deployed-version').textContent(), { timeout: 120_000 }).toBe('v1');

    await tid('tab-live').click();
    await tid('golive-source').selectOption('test');
    await tid('golive-size').selectOption('640x360');
    await tid('golive-fps-choice').selectOption('15');
    await tid('golive-start').click();
    await tid('golive-heard').waitFor();
    await screenshot(page, 'control-01-golive-test-pattern');

    const watcher = await browser.context.newPage();
    await watcher.goto(`${editor.url}/watch/${pipelineId}`);
    await expect.poll(() => attr(watcher, 'program-player', 'data-live'), { timeout: 180_000, interval: 500 }).toBe('true');
    expect(await attr(watcher, 'program-player', 'data-mode')).toBe('whep');
    await screenshot(watcher, 'control-02-watch-plays');
    await watcher.close();
  }, 300_000);

  it('shows the true on-air state, refuses to delete on air, takes it off air and the watch page stops', async () => {
    const control = await browser.context.newPage();
    await control.goto(`${editor.url}/pipelines/${pipelineId}/control`);
    await expect.poll(() => attr(control, 'air-state', 'data-state'), { timeout: 60_000 }).toBe('on-air');
    await expect.poll(() => attr(control, 'program-monitor', 'data-live'), { timeout: 180_000, interval: 500 }).toBe('true');
    await expect.poll(() => attr(control, 'preview-monitor', 'data-seq')).not.toBe('');
    await screenshot(control, 'control-03-on-air');

    await page.goto(editor.url);
    await tid(`delete-${pipelineId}`).click();
    await tid(`delete-name-${pipelineId}`).fill('Night Show');
    await tid(`delete-yes-${pipelineId}`).click();
    await expect.poll(() => tid(`delete-error-${pipelineId}`).textContent()).toMatch(/^SF655 /);

    const watcher = await browser.context.newPage();
    await watcher.goto(`${editor.url}/watch/${pipelineId}`);
    await expect.poll(() => attr(watcher, 'program-player', 'data-live'), { timeout: 180_000, interval: 500 }).toBe('true');
    await tid('go-off-air', control).click();
    await expect.poll(() => attr(control, 'air-state', 'data-state'), { timeout: 60_000 }).toBe('off-air');
    expect((await api.show.air.query({ id: pipelineId })).onAir).toBe(false);
    // Viewers lose the program; the show itself keeps running for the preview monitor.
    await expect.poll(() => attr(watcher, 'program-player', 'data-live'), { timeout: 60_000, interval: 500 }).not.toBe('true');
    const seq = Number(await attr(control, 'preview-monitor', 'data-seq'));
    await expect.poll(async () => Number(await attr(control, 'preview-monitor', 'data-seq')), { timeout: 30_000 }).toBeGreaterThan(seq);
    await screenshot(control, 'control-04-off-air');
    await watcher.close();
    await control.close();

    await tid(`delete-yes-${pipelineId}`).click();
    await tid(`pipeline-${pipelineId}`).waitFor({ state: 'detached' });
  }, 300_000);

  it('switches scenes from the control room with the keyboard: preview, cut, fade, with the program sound on the meter', async () => {
    const media = path.join(show.runtime.dataDir, 'media');
    mkdirSync(media, { recursive: true });
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=4', '-ac', '2', path.join(media, 'tone.wav')]);
    const saved = await api.pipelines.save.mutate({ document: sceneShow() });
    await api.pipelines.deploy.mutate({ id: saved.id });
    const switcher = async () => (await api.scenes.list.query({ pipelineId: 'two-cameras' }))[0];

    await page.goto(`${editor.url}/pipelines/two-cameras/control`);
    await expect.poll(() => attr(page, 'scenes-mixer', 'data-program'), { timeout: 30_000 }).toBe('1');
    await expect.poll(() => attr(page, 'program-monitor', 'data-live'), { timeout: 180_000, interval: 500 }).toBe('true');
    await expect.poll(async () => Number.parseFloat((await attr(page, 'audio-meter', 'data-rms-db')) ?? '-inf'), { timeout: 30_000 }).toBeGreaterThan(-40);
    expect(await attr(page, 'scene-mixer-1', 'data-tally')).toBe('program');
    expect(await attr(page, 'preview-monitor', 'data-node')).toBe('dark');
    await screenshot(page, 'control-05-scenes');

    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Space');
    await expect.poll(() => attr(page, 'scenes-mixer', 'data-program')).toBe('2');
    expect(await switcher()).toMatchObject({ program: 2, preview: 1 });
    expect(await attr(page, 'preview-monitor', 'data-node')).toBe('wide');

    await page.keyboard.press('f');
    await expect.poll(async () => (await switcher()).program, { timeout: 10_000 }).toBe(1);
    await expect.poll(() => attr(page, 'scenes-mixer', 'data-program')).toBe('1');

    await page.keyboard.press('3');
    await expect.poll(() => attr(page, 'scenes-mixer', 'data-preview')).toBe('3');
    await page.keyboard.press('Enter');
    await expect.poll(() => tid('scene-error').textContent()).toMatch(/^SF220 /);
    expect((await switcher()).program).toBe(1);
    await screenshot(page, 'control-06-refused-dark-input');
  }, 300_000);
});
