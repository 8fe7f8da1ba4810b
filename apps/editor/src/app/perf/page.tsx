import { PerfHarness } from '../../components/perf/PerfHarness.tsx';

/** Performance harness: a synthetic 300-node graph with a synthetic metrics feed, no runtime needed. */
export default function PerfPage() {
  return <PerfHarness />;
}
