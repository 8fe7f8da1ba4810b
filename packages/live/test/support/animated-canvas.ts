/**
 * A camera-like picture: a noisy textured background (so JPEG sizes resemble real video
 * rather than flat graphics) with a moving ball and a frame counter. Plain script text
 * because it runs in the page.
 */
export const ANIMATED_CANVAS_SCRIPT = `
globalThis.startAnimatedCanvas = (width, height, fps) => {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  document.body.append(canvas);
  const ctx = canvas.getContext('2d');
  const background = document.createElement('canvas');
  background.width = width;
  background.height = height;
  const backgroundCtx = background.getContext('2d');
  const texture = backgroundCtx.createImageData(width, height);
  let seed = 7;
  for (let i = 0; i < texture.data.length; i += 4) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const x = (i / 4) % width;
    const noise = seed % 48;
    texture.data[i] = (x / width) * 180 + noise;
    texture.data[i + 1] = 90 + noise;
    texture.data[i + 2] = 160 - (x / width) * 120 + noise;
    texture.data[i + 3] = 255;
  }
  backgroundCtx.putImageData(texture, 0, 0);
  let frame = 0;
  setInterval(() => {
    ctx.drawImage(background, 0, 0);
    const t = frame++ / fps;
    ctx.fillStyle = '#f5d142';
    ctx.beginPath();
    ctx.arc(width * (0.5 + 0.35 * Math.sin(t)), height * (0.5 + 0.3 * Math.cos(t * 1.3)), height / 8, 0, Math.PI * 2);
    ctx.fill();
    ctx.fillStyle = '#ffffff';
    ctx.font = Math.round(height / 12) + 'px sans-serif';
    ctx.fillText('frame ' + frame, 20, height / 8);
  }, 1000 / fps);
  return canvas;
};
`;
