import sharp from 'sharp';
import { expect, it } from 'vitest';
import { slateFrame } from './slate.ts';

it('renders a JPEG slate at the asked size, once per size and text', async () => {
  const slate = await slateFrame({ width: 320, height: 180, text: 'cam <1> & NO SIGNAL' });
  const meta = await sharp(slate).metadata();
  expect(meta).toMatchObject({ format: 'jpeg', width: 320, height: 180 });
  expect(await slateFrame({ width: 320, height: 180, text: 'cam <1> & NO SIGNAL' })).toBe(slate);
});
