import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readImageFile } from './read-image-file.ts';
import { sinkFolder } from './media-folder.ts';

describe('file inputs and sink folders', () => {
  it('reads regular files only: a FIFO named *.jpg or a folder is refused with SF147, the FIFO never opened', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'showflow-files-'));
    writeFileSync(join(dir, 'ok.jpg'), Buffer.from([0xff, 0xd8, 0xff]));
    expect(await readImageFile(join(dir, 'ok.jpg'))).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    const fifo = join(dir, 'cam.jpg');
    execFileSync('mkfifo', [fifo]);
    await expect(readImageFile(fifo)).rejects.toMatchObject({ code: 'SF147', message: expect.stringContaining('FIFO') });
    // No reader holds it: opening the write end without blocking fails with ENXIO.
    expect(() => closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK))).toThrow(/ENXIO/);
    mkdirSync(join(dir, 'folder.png'));
    await expect(readImageFile(join(dir, 'folder.png'))).rejects.toMatchObject({ code: 'SF147' });
  });

  it('keeps sink folders inside the media folder (SF145); without one (a harness) uses the folder as given', () => {
    expect(sinkFolder('takes', '/srv/media')).toBe('/srv/media/takes');
    expect(sinkFolder('/srv/media/takes/a', '/srv/media')).toBe('/srv/media/takes/a');
    for (const dir of ['/etc', '../media-other', 'takes/../../x', '/srv/media-evil']) {
      expect(() => sinkFolder(dir, '/srv/media'), dir).toThrow(expect.objectContaining({ code: 'SF145' }));
    }
    expect(sinkFolder('/tmp/out', undefined)).toBe('/tmp/out');
  });
});
