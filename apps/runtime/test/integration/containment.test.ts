import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PipelineMetrics } from '@showflow/shared';
import { tempDataDir } from '../fixtures/app.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '../../bin/showflow.mjs');
const testNodes = path.resolve(here, '../fixtures/nodes.ts');

const strayDocument = {
  schemaVersion: 1,
  id: 'stray',
  name: 'Stray errors',
  nodes: [
    { id: 'cam', type: 'test.camera', typeVersion: 1, config: { intervalMs: 20 }, position: { x: 0, y: 0 } },
    { id: 'stray', type: 'test.stray', typeVersion: 1, config: { times: 3 }, position: { x: 200, y: 0 } },
    { id: 'out', type: 'test.sink', typeVersion: 1, config: {}, position: { x: 400, y: 0 } },
  ],
  edges: [
    { id: 'e1', from: { node: 'cam', port: 'frame' }, to: { node: 'stray', port: 'frame' } },
    { id: 'e2', from: { node: 'stray', port: 'out' }, to: { node: 'out', port: 'frame' } },
  ],
};

// A separate process: an uncaught error inside the test runner's own worker would be
// reported as a test failure by the runner itself, whatever the runtime does with it.
describe('uncaught asynchronous errors', () => {
  it('are contained and counted (SF206) while the pipeline runs to the end', async () => {
    const file = path.join(tempDataDir(), 'stray.json');
    writeFileSync(file, JSON.stringify(strayDocument));
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [bin, 'run', file, '--frames', '10', '--json', '--nodes', testNodes],
        { env: { ...process.env, SHOWFLOW_LOG_LEVEL: 'error' }, timeout: 60_000 },
        (err, out, errOut) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout: out, stderr: errOut }),
      );
    });
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { completed: boolean; uncaughtErrors: number; metrics: PipelineMetrics };
    expect(result.completed).toBe(true);
    // Three rejections and three timer throws.
    expect(result.uncaughtErrors).toBe(6);
    expect(stderr).toContain('SF206');
    // Every frame after the stray errors still reached the sink (or was counted as dropped).
    const processed = Object.fromEntries(result.metrics.nodes.map((n) => [n.nodeId, n.processed]));
    const drops = result.metrics.nodes.reduce((sum, n) => sum + n.drops, 0);
    expect(processed.cam).toBe(10);
    expect(processed.out + drops).toBeGreaterThanOrEqual(10);
    expect(result.metrics.nodes.every((n) => n.errors === 0)).toBe(true);
  });
});
