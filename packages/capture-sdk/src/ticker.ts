/** Fires on a fixed schedule that does not drift with callback time. */
export function startTicker(fps: number, onTick: () => void): () => void {
  const interval = 1000 / fps;
  let next = performance.now();
  let timer: ReturnType<typeof setTimeout>;
  const loop = () => {
    onTick();
    next += interval;
    const now = performance.now();
    if (next < now - interval) next = now; // after a stall, resume instead of bursting
    timer = setTimeout(loop, Math.max(0, next - now));
  };
  timer = setTimeout(loop, 0);
  return () => clearTimeout(timer);
}
