import type { PipelineDocument } from '@showflow/shared';
import type { ShowflowApp } from './app.ts';

/**
 * What a deploy waits for, in order. `database` opens the orders database (embedded PGlite
 * takes tens of seconds to start on a busy machine) when the document sells anything;
 * `generation` is the generative overlays precomputing their variations, which they do
 * while their nodes start, so it runs alongside `start`.
 */
export const DEPLOY_STEPS = ['validate', 'database', 'generation', 'start'] as const;
export type DeployStep = (typeof DEPLOY_STEPS)[number];

export interface DeployStepState {
  step: DeployStep;
  state: 'pending' | 'running' | 'done' | 'skipped' | 'failed';
  /** How long it took (or has taken so far). */
  ms: number;
  detail: string;
}

export interface DeployProgress {
  pipelineId: string;
  startedAt: number;
  finished: boolean;
  steps: DeployStepState[];
  error: string | null;
}

const boards = new WeakMap<ShowflowApp, Map<string, DeployProgress>>();

function board(app: ShowflowApp): Map<string, DeployProgress> {
  let b = boards.get(app);
  if (!b) boards.set(app, (b = new Map()));
  return b;
}

/** The pipeline's current or last deploy, with each step's state and time so far. */
export function deployProgress(app: ShowflowApp, pipelineId: string): DeployProgress | null {
  const progress = board(app).get(pipelineId);
  if (!progress) return null;
  const now = Date.now();
  const steps = (progress.steps as RunningStep[]).map(({ since, ...s }) => (s.state === 'running' ? { ...s, ms: now - since } : s));
  return { ...progress, steps };
}

interface RunningStep extends DeployStepState {
  since: number;
}

const nodesOfCategory = (app: ShowflowApp, document: PipelineDocument | undefined, category: string) =>
  document?.nodes.filter((n) => app.catalog.spec(n.type)?.category === category).map((n) => n.id) ?? [];

/**
 * Starts opening the services a document will need — today the orders database for
 * commerce nodes — without waiting, so the deploy that follows an import or a save finds
 * them open instead of opening them on its own path.
 */
export function prepareServicesFor(app: ShowflowApp, document: unknown): void {
  const doc = document as PipelineDocument | undefined;
  if (!Array.isArray(doc?.nodes) || nodesOfCategory(app, doc, 'commerce').length === 0) return;
  const commerce = app.services.get('commerce') as { shopInfo?(): Promise<unknown> } | undefined;
  void commerce?.shopInfo?.().catch((err: Error) => app.log.warn(`opening the orders database ahead of a deploy: ${err.message}`));
}

/** A deploy that reports each step as it goes (`show.deployProgress`). */
export async function deployWithProgress(app: ShowflowApp, pipelineId: string, options: { document?: unknown; note?: string }): Promise<{ version: number; hash: string }> {
  const steps: RunningStep[] = DEPLOY_STEPS.map((step) => ({ step, state: 'pending', ms: 0, detail: '', since: 0 }));
  const progress: DeployProgress = { pipelineId, startedAt: Date.now(), finished: false, steps, error: null };
  board(app).set(pipelineId, progress);
  const at = (step: DeployStep) => steps.find((s) => s.step === step)!;
  const begin = (step: DeployStep, detail = '') => Object.assign(at(step), { state: 'running', since: Date.now(), detail });
  const end = (step: DeployStep, state: DeployStepState['state'] = 'done', detail?: string) => {
    const s = at(step);
    Object.assign(s, { state, ms: s.since ? Date.now() - s.since : 0, ...(detail !== undefined ? { detail } : {}) });
  };
  let current: DeployStep = 'validate';
  try {
    begin('validate');
    const input = options.document ?? (await app.store.getPipeline(pipelineId))?.draft;
    const check = input === undefined ? { ok: false, problems: [] } : app.deployments.validate(input);
    const document = check.ok ? (input as PipelineDocument) : undefined;
    end('validate', check.ok ? 'done' : 'failed', check.ok ? `${document?.nodes.length ?? 0} nodes` : `${check.problems.length} problems`);

    current = 'database';
    const sellers = nodesOfCategory(app, document, 'commerce');
    const commerce = app.services.get('commerce') as { shopInfo?(): Promise<unknown> } | undefined;
    if (check.ok && sellers.length && commerce?.shopInfo) {
      begin('database', `orders database for ${sellers.join(', ')}`);
      await commerce.shopInfo();
      end('database');
    } else end('database', 'skipped', check.ok ? 'nothing to sell' : '');

    current = 'start';
    const generators = nodesOfCategory(app, document, 'generative');
    if (check.ok && generators.length) begin('generation', `variations of ${generators.join(', ')} (while their nodes start)`);
    else end('generation', 'skipped', check.ok ? 'no generative overlays' : '');
    begin('start', document ? `${document.nodes.length} nodes` : '');
    // The deploy validates again and refuses with every problem: its error is the one to show.
    const result = await app.deployments.deploy(pipelineId, options);
    if (generators.length) end('generation');
    end('start');
    return result;
  } catch (err) {
    progress.error = (err as Error).message;
    for (const s of steps) if (s.state === 'running') end(s.step, 'failed');
    if (current === 'database' && at('database').state !== 'failed') end('database', 'failed');
    throw err;
  } finally {
    progress.finished = true;
  }
}
