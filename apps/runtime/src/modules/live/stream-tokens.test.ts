import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createIngestGateway, createViewerHub } from '@showflow/live';
import { LiveRuntime } from './live-runtime.ts';
import { StreamTokenStore } from './stream-tokens.ts';

describe('stream tokens across restarts', () => {
  it('keeps only the token digest on disk and accepts the token after reopening', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'showflow-live-tokens-'));
    const first = new LiveRuntime(createIngestGateway(), createViewerHub(), await StreamTokenStore.open(dir));
    const { token, streamId } = await first.createStream('studio');
    await first.gateway.close();
    expect(readFileSync(path.join(dir, 'streams.json'), 'utf8')).not.toContain(token);

    const reopened = new LiveRuntime(createIngestGateway(), createViewerHub(), await StreamTokenStore.open(dir));
    expect(reopened.gateway.isAuthorized(streamId, token)).toBe(true);
    expect(reopened.gateway.isAuthorized(streamId, `${token}x`)).toBe(false);
    expect(reopened.streams()).toEqual([expect.objectContaining({ streamId: 'studio', accepting: true, state: 'no signal', createdAt: expect.any(String) })]);
    await reopened.gateway.close();
  });

  it('refuses a damaged stream list instead of silently forgetting every stream', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'showflow-live-tokens-'));
    writeFileSync(path.join(dir, 'streams.json'), '{"streams": {"x": {"tokenSha256": "nope"}}}');
    await expect(StreamTokenStore.open(dir)).rejects.toThrow(/not a valid stream list/);
  });
});
