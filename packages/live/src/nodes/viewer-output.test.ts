import { describe, expect, it } from 'vitest';
import { createHarness, makeTestFrame, makeTestJpeg } from '@showflow/nodes/harness';
import { readJpegSize, toI420Frame } from '@showflow/nodes/pixels';
import { FakeLiveService } from '../../test/support/fake-live-service.ts';
import { viewerOutput } from './viewer-output.ts';

describe('showflow.viewer-output', () => {
  it('publishes JPEG frames as they are, to its pipeline, keeping the capture time', async () => {
    const live = new FakeLiveService();
    const node = await createHarness(viewerOutput, { pipelineId: 'show-1', services: { live } });
    const jpeg = await makeTestJpeg({ width: 64, height: 36, seq: 12, captureTs: 1234.5 });
    await node.send('frame', jpeg);
    expect(live.published).toHaveLength(1);
    expect(live.published[0].pipelineId).toBe('show-1');
    expect(live.published[0].jpeg.equals(jpeg.data)).toBe(true);
    expect(live.published[0].meta).toEqual({ seq: 0, captureTs: 1234.5, width: 64, height: 36 });
  });

  it('encodes raw and YUV frames to JPEG and numbers what viewers get in one increasing sequence', async () => {
    const live = new FakeLiveService();
    live.viewers = 2;
    const node = await createHarness(viewerOutput, { services: { live } });
    const raw = makeTestFrame({ width: 48, height: 32, seq: 90, captureTs: 10 });
    await node.send('frame', raw);
    await node.send('frame', await toI420Frame(makeTestFrame({ width: 48, height: 32, seq: 3, captureTs: 20 })));
    expect(live.published.map((p) => p.meta.seq)).toEqual([0, 1]);
    expect(live.published.map((p) => p.meta.captureTs)).toEqual([10, 20]);
    for (const p of live.published) expect(readJpegSize(p.jpeg)).toMatchObject({ width: 48, height: 32 });
    expect(node.status).toEqual({ level: 'ok', text: expect.stringMatching(/^2 viewers · \d+ fps$/) });
  });

  it('fails setup clearly when the runtime has no live service', async () => {
    await expect(createHarness(viewerOutput, {})).rejects.toThrow(/no "live" service/);
  });
});
