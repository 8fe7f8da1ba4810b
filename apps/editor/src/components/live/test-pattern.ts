/**
 * An animated test picture for going live without a camera: colour bars, a moving bar and
 * a running clock, so motion and latency are visible on the watch page.
 */
export function startTestPattern(width: number, height: number, fps: number): { canvas: HTMLCanvasElement; stop(): void } {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw a test pattern (no 2D canvas)');
  const bars = ['#c0c0c0', '#c0c000', '#00c0c0', '#00c000', '#c000c0', '#c00000', '#0000c0'];
  const started = performance.now();
  const draw = () => {
    const t = (performance.now() - started) / 1000;
    bars.forEach((color, i) => {
      ctx.fillStyle = color;
      ctx.fillRect((i * width) / bars.length, 0, width / bars.length + 1, height);
    });
    ctx.fillStyle = 'rgba(0,0,0,0.75)';
    ctx.fillRect(((t * 0.25) % 1) * width, 0, width / 20, height);
    ctx.fillStyle = '#ffffff';
    ctx.font = `${Math.round(height / 10)}px monospace`;
    ctx.fillText(new Date().toISOString().slice(11, 23), width * 0.05, height * 0.9);
  };
  draw();
  const timer = setInterval(draw, 1000 / fps);
  return { canvas, stop: () => clearInterval(timer) };
}
