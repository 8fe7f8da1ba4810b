/**
 * CPU time of a browser and every process it started (renderers, GPU, network service),
 * read from Linux /proc, so the benchmark can say where the machine's cores went.
 */
import { readdir, readFile } from 'node:fs/promises';

/** Kernel clock ticks per second for /proc/<pid>/stat times; 100 on every Linux we run on. */
const CLOCK_TICKS = 100;

interface ProcessEntry {
  pid: number;
  ppid: number;
  cpuSeconds: number;
  cmdline: string;
}

async function listProcesses(): Promise<ProcessEntry[]> {
  const entries: ProcessEntry[] = [];
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = await readFile(`/proc/${name}/stat`, 'utf8');
      // The command name may contain spaces and parentheses; fields after the last ')' are fixed.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = (await readFile(`/proc/${name}/cmdline`, 'utf8')).replaceAll('\0', ' ');
      entries.push({ pid: Number(name), ppid: Number(fields[1]), cpuSeconds: (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS, cmdline });
    } catch {
      // The process ended while we looked.
    }
  }
  return entries;
}

/** CPU seconds used by the Chromium started with `userDataDir` and its descendants. */
export async function browserCpuSeconds(userDataDir: string): Promise<number> {
  const processes = await listProcesses();
  const root = processes.find((p) => p.cmdline.includes(`--user-data-dir=${userDataDir}`) && !p.cmdline.includes('--type='));
  return root ? treeCpuSeconds(processes, root) : NaN;
}

/** CPU seconds used by process `pid` and the processes it runs now (e.g. the runtime's ffmpeg decoders). */
export async function processTreeCpuSeconds(pid: number): Promise<number> {
  const processes = await listProcesses();
  const root = processes.find((p) => p.pid === pid);
  return root ? treeCpuSeconds(processes, root) : NaN;
}

function treeCpuSeconds(processes: ProcessEntry[], root: ProcessEntry): number {
  const children = new Map<number, ProcessEntry[]>();
  for (const p of processes) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const p = stack.pop()!;
    total += p.cpuSeconds;
    stack.push(...(children.get(p.pid) ?? []));
  }
  return total;
}
