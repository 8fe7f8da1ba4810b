/** Small helpers the benchmarks share. */

/** The middle value; of an even count the upper middle (the benchmarks use odd round counts). */
export function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[xs.length >> 1];
}

/** This process's CPU time so far, user + system, in ms: all its threads, so libvips' workers count. */
export function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}
