import sharp from 'sharp';

/** A small real PNG, as a provider would send it. */
export async function samplePng(colour = '#ff0066', width = 64, height = 64): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } }).png().toBuffer();
}

export async function sampleJpeg(width = 64, height = 48): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#00aa44' } }).jpeg().toBuffer();
}
