import { describe, expect, it } from 'vitest';
import { NodeCatalog, toNodeSpec } from '@showflow/nodes/sdk';
import { programOutNodes } from './index.ts';

describe('program-out node types', () => {
  it('register in a catalog and describe their config for the inspector', () => {
    const catalog = new NodeCatalog(programOutNodes);
    expect(catalog).toBeTruthy();
    for (const def of programOutNodes) {
      const spec = toNodeSpec(def);
      expect(spec.type).toBe(def.type);
      expect(JSON.stringify(spec)).toContain('"width"');
    }
  });

  it('refuses a restream URL that carries a query (where keys hide) and a key name that is not a secret name', () => {
    const rtmp = programOutNodes.find((d) => d.type === 'showflow.rtmp-out')!;
    expect(rtmp.config.safeParse({ url: 'rtmp://a.rtmp.youtube.com/live2' }).success).toBe(true);
    expect(rtmp.config.safeParse({ url: 'rtmp://host/app?key=abc' }).success).toBe(false);
    expect(rtmp.config.safeParse({ url: 'http://host/app' }).success).toBe(false);
    expect(rtmp.config.safeParse({ streamKey: 'abc-123' }).success).toBe(false);
  });

  it('refuses an SRT URL with options (where passphrases hide) and secret names that are not names', () => {
    const srt = programOutNodes.find((d) => d.type === 'showflow.srt-out')!;
    expect(srt.config.safeParse({ url: 'srt://ingest.example.com:9000', passphrase: 'VENUE' }).success).toBe(true);
    expect(srt.config.safeParse({ url: 'srt://ingest.example.com:9000?passphrase=secret123456' }).success).toBe(false);
    expect(srt.config.safeParse({ url: 'srt://ingest.example.com' }).success).toBe(false);
    expect(srt.config.safeParse({ passphrase: 'my secret phrase' }).success).toBe(false);
    expect(srt.config.safeParse({ latencyMs: 5 }).success).toBe(false);
  });
});
