import { ShowflowError, exportTemplate, type ExportParameter, type ShowflowTemplate, type TemplateMeta } from '@showflow/shared';
import type { z } from 'zod';
import type { ShowflowApp } from '../service/app.ts';
import { packageOf } from './environment.ts';

/** A template from a pipeline's current draft; refused with every problem if the export would not import. */
export async function exportPipelineTemplate(
  app: ShowflowApp,
  input: { pipelineId: string; params: ExportParameter[]; meta: z.input<typeof TemplateMeta> },
): Promise<{ template: ShowflowTemplate; fileName: string }> {
  const { document } = await app.deployments.get(input.pipelineId);
  const result = exportTemplate(document, input.params, input.meta, { packageOf: packageOf(app.catalog) });
  if (!result.ok) throw new ShowflowError(result.problems[0]?.code ?? 'SF120', `the pipeline cannot be exported: ${result.problems.length} problem(s)`, result.problems);
  return { template: result.template, fileName: `${document.id}.showflow.json` };
}
