/**
 * The files of a new node package: a manifest, one node, its test on the SDK's harness with
 * Node's own test runner, and a tsconfig for editor types. What docs/custom-nodes.md walks
 * through; the runtime's own tests build a package from exactly these files.
 */
export interface ScaffoldInput {
  name: string;
  namespace: string;
  /** Where the package's tests and editor get the SDK from: the runtime's own SDK folder. */
  sdkDir: string;
  /** The SDK version the runtime provides; the package's peer range starts there. */
  sdkVersion: string;
}

/** Test tooling versions the runtime's own checkout uses, so npm's cache usually has them. */
const devTools = { tsx: '^4.23.15', typescript: '^5.9.3', '@types/node': '^20.19.43' };

export function scaffoldFiles(input: ScaffoldInput): Record<string, string> {
  const type = `${input.namespace}.invert`;
  const packageJson = {
    name: input.name,
    version: '0.1.0',
    private: true,
    type: 'module',
    description: 'Showflow nodes',
    showflow: { namespace: input.namespace, nodes: ['./src/invert.ts'] },
    scripts: {
      // The shell expands the glob, so this runs on every Node version the runtime supports.
      test: 'node --import tsx --test src/*.test.ts',
      typecheck: 'tsc -p tsconfig.json',
    },
    // The runtime provides the SDK (and zod through it) when it loads the package; optional,
    // so installing the package next to a runtime's data never fetches an SDK of its own.
    peerDependencies: { '@showflow/nodes': `^${input.sdkVersion}` },
    peerDependenciesMeta: { '@showflow/nodes': { optional: true } },
    devDependencies: { '@showflow/nodes': `file:${input.sdkDir}`, ...devTools },
  };
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2023'],
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      strict: true,
      skipLibCheck: true,
      isolatedModules: true,
      verbatimModuleSyntax: true,
      allowImportingTsExtensions: true,
      noEmit: true,
      types: ['node'],
    },
    include: ['src'],
  };
  return {
    'package.json': `${JSON.stringify(packageJson, null, 2)}\n`,
    'tsconfig.json': `${JSON.stringify(tsconfig, null, 2)}\n`,
    '.gitignore': 'node_modules/\n',
    'src/invert.ts': invertNode(type),
    'src/invert.test.ts': invertTest(),
  };
}

const invertNode = (type: string) => `import { defineNode, z } from '@showflow/nodes/sdk';

export const invert = defineNode({
  type: '${type}',
  typeVersion: 1,
  title: 'Invert',
  category: 'process',
  description: 'Inverts the colours of a frame; \`amount\` blends between the original and the negative.',
  inputs: { frame: { type: 'frame' } },
  outputs: { out: { type: 'frame' } },
  // Every field needs a default, so a node dropped on the canvas is valid.
  config: z.object({ amount: z.number().min(0).max(1).default(1) }),
  budgetMs: 15,
  async run(ctx) {
    const input = ctx.inputs.frame;
    if (!input) return;
    const frame = await ctx.frames.raw(input);
    // Never write into the frame received: the result goes into a buffer from the frame pool.
    const out = ctx.frames.alloc(frame.data.length);
    const a = ctx.config.amount;
    for (let i = 0; i < frame.data.length; i++) {
      const v = frame.data[i];
      out[i] = frame.channels === 4 && i % 4 === 3 ? v : Math.round(v + a * (255 - 2 * v));
    }
    return { out: { ...frame, data: out } };
  },
});

export default [invert];
`;

const invertTest = () => `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHarness, makeTestFrame } from '@showflow/nodes/harness';
import { invert } from './invert.ts';

test('inverts every colour channel', async () => {
  // scribbleInputs overwrites the input after each run, as the runtime's frame pool may.
  const h = await createHarness(invert, { scribbleInputs: true });
  const { out } = await h.run({ frame: makeTestFrame({ width: 4, height: 2, pattern: 'solid', color: [10, 200, 255] }) });
  assert.deepEqual([...out!.data.subarray(0, 3)], [245, 55, 0]);
  await h.dispose();
});

test('refuses an amount above 1', async () => {
  await assert.rejects(createHarness(invert, { config: { amount: 2 } }), /SF103|amount/);
});
`;
