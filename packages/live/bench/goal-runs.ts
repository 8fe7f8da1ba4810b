/**
 * The 720p goal is judged on three runs spread over the benchmark rather than one: on this
 * shared 2-core host a single 10 s run moved by more than the goal's margin from one run to
 * the next (p50 55–149 ms for the same code at 0–2 % steal). Each figure's median over the
 * three runs decides; every run is reported.
 */
import { median } from '../../../bench/stats.ts';

export interface GoalFigures {
  latencyP50: number;
  latencyP95: number;
  deliveredFps: number;
}

export const GOAL = { p50Ms: 100, p95Ms: 150, fps: 28 } as const;

/** Median of each figure on its own (they may come from different runs). */
export function medianFigures(runs: GoalFigures[]): GoalFigures {
  return {
    latencyP50: median(runs.map((r) => r.latencyP50)),
    latencyP95: median(runs.map((r) => r.latencyP95)),
    deliveredFps: median(runs.map((r) => r.deliveredFps)),
  };
}

/** The run whose p50 is the median: its detail rows stand for the three. */
export function medianRun<T extends GoalFigures>(runs: T[]): T {
  return [...runs].sort((a, b) => a.latencyP50 - b.latencyP50)[runs.length >> 1];
}

export function meetsGoal(f: GoalFigures): boolean {
  return f.latencyP50 <= GOAL.p50Ms && f.latencyP95 <= GOAL.p95Ms && f.deliveredFps >= GOAL.fps;
}

/** "p50 / p95 / fps" of one run or of the medians. */
export function formatFigures(f: GoalFigures): string {
  return `${f.latencyP50.toFixed(0)} / ${f.latencyP95.toFixed(0)} / ${f.deliveredFps.toFixed(1)}`;
}
