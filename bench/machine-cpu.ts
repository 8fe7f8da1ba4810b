/**
 * The machine's CPU time from /proc/stat (Linux), including what the hypervisor gave to
 * other tenants: on a shared host that steal is CPU a benchmark believed it had.
 */
import { readFile } from 'node:fs/promises';

/** The machine's CPU time in clock ticks, from the first line of /proc/stat. */
export interface MachineCpuTimes {
  busy: number;
  /** Time the hypervisor gave this machine's CPUs to someone else (other tenants on a shared host). */
  steal: number;
  total: number;
}

export async function machineCpuTimes(): Promise<MachineCpuTimes> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0];
  const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1, 9).map(Number);
  return { busy: user + nice + system + irq + softirq, steal, total: user + nice + system + idle + iowait + irq + softirq + steal };
}

/** Busy and stolen shares of the machine between two readings, in %. */
export function machineShares(before: MachineCpuTimes, after: MachineCpuTimes): { busyPercent: number; stealPercent: number } {
  const total = after.total - before.total;
  return { busyPercent: ((after.busy - before.busy) / total) * 100, stealPercent: ((after.steal - before.steal) / total) * 100 };
}
