import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { PipelineMetrics } from '@showflow/shared';
import { chainDocument } from '../fixtures/documents.ts';
import { tempDataDir } from '../fixtures/app.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const bin = path.resolve(here, '../../bin/showflow.mjs');
const testNodes = path.resolve(here, '../fixtures/nodes.ts');

function showflow(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, SHOWFLOW_LOG_LEVEL: 'error' }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

function writeDoc(doc: unknown): string {
  const file = path.join(tempDataDir(), 'doc.json');
  writeFileSync(file, JSON.stringify(doc));
  return file;
}

describe('showflow CLI', () => {
  it('runs a document headless for N frames and prints JSON', async () => {
    const file = writeDoc(chainDocument('cli', { cameraMs: 30 }));
    const { code, stdout } = await showflow(['run', file, '--frames', '12', '--json', '--nodes', testNodes]);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { completed: boolean; metrics: PipelineMetrics; pool: { leakedHandles: number } };
    expect(result.completed).toBe(true);
    const processed = Object.fromEntries(result.metrics.nodes.map((n) => [n.nodeId, n.processed]));
    // Drops are possible under load; every frame is either processed or counted as dropped.
    const drops = result.metrics.nodes.reduce((s, n) => s + n.drops, 0);
    expect(processed.cam).toBe(12);
    expect(processed.out + drops).toBeGreaterThanOrEqual(12);
    expect(result.metrics.endToEnd.count).toBe(processed.out);
    expect(result.pool.leakedHandles).toBe(0);
  });

  it('prints the per-node table and end-to-end latency', async () => {
    const file = writeDoc(chainDocument('cli', { cameraMs: 30 }));
    const { code, stdout } = await showflow(['run', file, '--frames', '5', '--nodes', testNodes]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/node\s+type\s+p50 ms\s+p95 ms\s+p99 ms\s+fps\s+processed\s+drops\s+errors\s+overruns/);
    expect(stdout).toMatch(/^cam\s+test\.camera\s/m);
    expect(stdout).toMatch(/end-to-end \(capture→sink\): p50 [\d.]+ ms/);
  });

  it('runs the studio demo example on the built-in nodes', async () => {
    const demo = path.resolve(here, '../../../../examples/pipelines/studio-demo.json');
    const { code, stdout, stderr } = await showflow(['run', demo, '--frames', '8', '--json']);
    expect(stderr).not.toMatch(/SF2\d\d/);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { completed: boolean; metrics: PipelineMetrics; pool: { leakedHandles: number } };
    expect(result.completed).toBe(true);
    expect(result.metrics.nodes.length).toBeGreaterThan(3);
    expect(result.metrics.nodes.every((n) => n.errors === 0)).toBe(true);
    expect(result.metrics.endToEnd.count).toBeGreaterThan(0);
    expect(result.pool.leakedHandles).toBe(0);
  });

  it('validates: prints every problem with its path, exit code 1', async () => {
    const doc = chainDocument('cli');
    doc.nodes[0] = { ...doc.nodes[0], config: { intervalMs: 'soon' } };
    doc.nodes[2] = { ...doc.nodes[2], type: 'test.gone' };
    const bad = await showflow(['validate', writeDoc(doc), '--nodes', testNodes]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/^SF103 nodes\[0\]\.config\.intervalMs: /m);
    expect(bad.stdout).toMatch(/^SF102 nodes\[2\]\.type: /m);

    const good = await showflow(['validate', writeDoc(chainDocument('cli')), '--nodes', testNodes]);
    expect(good).toMatchObject({ code: 0 });
    expect(good.stdout).toMatch(/^ok: /);

    const missing = await showflow(['validate', '/nonexistent/doc.json']);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/^SF100 /);
  });
});
