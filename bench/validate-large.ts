/**
 * Validation time of large documents with the built-in catalog (schema, every node's config,
 * every edge's ports and types, cycles), against JSON.parse of the same text as the in-run
 * floor: parsing is the least any reader of the document pays.
 */
import { validateDocument } from '@showflow/shared';
import { createBuiltinCatalog } from '@showflow/nodes';
import { chainOf, fanOut, type ChainTypes } from '../packages/shared/src/test-documents.ts';
import { median } from './stats.ts';
import type { BenchResult } from './types.ts';

const NODES = 10_000;
const ROUNDS = 9;

const types: ChainTypes = {
  source: 'showflow.synthetic-capture',
  process: 'showflow.resize',
  sink: 'showflow.null-sink',
  sourceOut: 'frame',
  processIn: 'frame',
  processOut: 'out',
  sinkIn: 'frame',
};

function timed(work: () => unknown): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

export default async function (): Promise<BenchResult> {
  const catalog = createBuiltinCatalog();
  const chainText = JSON.stringify(chainOf(NODES, types, 'big'));
  const fanText = JSON.stringify(fanOut(20_000, types, 'fan'));
  const check = validateDocument(JSON.parse(chainText), catalog);
  if (!check.ok) throw new Error(`the benchmark document is invalid: ${check.problems[0]?.message}`);

  const parse: number[] = [];
  const validate: number[] = [];
  const fan: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    parse.push(timed(() => JSON.parse(chainText)));
    const doc = JSON.parse(chainText) as unknown;
    validate.push(timed(() => validateDocument(doc, catalog)));
    const fanDoc = JSON.parse(fanText) as unknown;
    fan.push(timed(() => validateDocument(fanDoc, catalog)));
  }
  const v = median(validate);
  const p = median(parse);
  return {
    title: 'Validate a 10,000-node document',
    method: `validateDocument with the built-in catalog on a ${NODES}-node chain (${(chainText.length / 1e6).toFixed(1)} MB of JSON), median of ${ROUNDS}; the floor is JSON.parse of the same text in the same run. Also a refused document with 20,000 edges leaving one node.`,
    rows: [
      { metric: `validate ${NODES} nodes`, value: round(v), unit: 'ms' },
      { metric: 'JSON.parse of the same text (floor)', value: round(p), unit: 'ms' },
      { metric: 'validate / parse', value: round(v / p, 1), unit: '×' },
      { metric: 'validate 20,000 edges from one node (refused, problems capped)', value: round(median(fan)), unit: 'ms' },
    ],
    goal: 'a 10,000-node document validates in < 200 ms',
    met: v < 200,
  };
}

const round = (v: number, digits = 2) => Math.round(v * 10 ** digits) / 10 ** digits;
