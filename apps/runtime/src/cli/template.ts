import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { NodeCatalog } from '@showflow/nodes/sdk';
import { exportTemplate, formatProblem, instantiate, validateDocument, validateTemplate, type ExportParameter, type Problem } from '@showflow/shared';
import type { RuntimeEnv } from '../env.ts';
import { resolveImageValues, writeAssets } from '../templates/assets.ts';
import { packageOf, templateEnvironment } from '../templates/environment.ts';
import { upgradeConfigs } from '../templates/import.ts';
import { stringOption, UsageError, type ParsedArgs } from './args.ts';
import { readDocumentFile } from './document-file.ts';

export const templateUsage = `  template validate <template.showflow.json> [--json]
      print every problem in a template (schema, parameters, bindings, missing node packages); exit code 1 if any
  template import <template.showflow.json> [--values <json or file>] [--name N] [--out document.json]
      bind parameter values (defaults for the rest) and write the pipeline document (stdout without --out)
  template export <document.json> --name N --author A [--params <json or file>] [--description D] [--preview image] [--out file]
      make a template from a pipeline document; --params lists [{name, definition, bind: [{node, path}]}]`;

const hintLine = (p: Problem) => (p.hint ? `\n    fix: ${p.hint}` : '');

function report(problems: Problem[], out: (line: string) => void, json: boolean): number {
  if (json) out(JSON.stringify({ ok: false, problems }, null, 2));
  else for (const p of problems) out(`${formatProblem(p)}${hintLine(p)}`);
  return 1;
}

/** A JSON option given inline (`{"a":1}`) or as a file name. */
async function jsonOption(args: ParsedArgs, name: string): Promise<unknown> {
  const raw = stringOption(args, name);
  if (raw === undefined) return undefined;
  const text = /^\s*[[{]/.test(raw) ? raw : await fs.readFile(raw, 'utf8').catch(() => {
    throw new UsageError(`--${name}: cannot read ${raw}`);
  });
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`--${name} is not JSON: ${(err as Error).message}`);
  }
}

async function write(args: ParsedArgs, value: unknown, out: (line: string) => void): Promise<void> {
  const file = stringOption(args, 'out');
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (file) {
    await fs.writeFile(file, text);
    out(`wrote ${file}`);
  } else out(text.trimEnd());
}

/** `showflow template validate|import|export`. */
export async function templateCommand(args: ParsedArgs, env: RuntimeEnv, catalog: NodeCatalog, out: (line: string) => void): Promise<number> {
  const [sub, file] = args.positionals;
  const json = args.options.get('json') === true;
  if (!file) throw new UsageError(`template ${sub ?? '<validate|import|export>'} needs a file`);
  const read = await readDocumentFile(file);
  if (!read.ok) return report(read.problems, out, json);
  switch (sub) {
    case 'validate': {
      const result = validateTemplate(read.value, templateEnvironment(catalog));
      if (!result.ok) {
        const code = report(result.problems, out, json);
        if (!json) out(`${result.problems.length} problem${result.problems.length === 1 ? '' : 's'} in ${file}`);
        return code;
      }
      const t = result.template;
      if (json) out(JSON.stringify({ ok: true, problems: [], meta: t.meta, parameters: Object.keys(t.parameters) }, null, 2));
      else out(`ok: ${t.meta.name} by ${t.meta.author} (${Object.keys(t.parameters).length} parameters, ${t.pipeline.nodes.length} nodes)`);
      return 0;
    }
    case 'import': {
      const result = validateTemplate(read.value, templateEnvironment(catalog));
      if (!result.ok) return report(result.problems, out, json);
      const values = ((await jsonOption(args, 'values')) ?? {}) as Record<string, unknown>;
      const images = resolveImageValues(result.template, values, path.dirname(path.resolve(file)), path.join(env.dataDir, 'assets'));
      const made = instantiate(result.template, images.values);
      if (!made.ok) return report(made.problems, out, json);
      const name = stringOption(args, 'name');
      const document = { ...upgradeConfigs(made.document, catalog), ...(name ? { name } : {}) };
      const check = validateDocument(document, catalog);
      if (!check.ok) return report(check.problems, out, json);
      await writeAssets(images.pending);
      await write(args, check.document, out);
      return 0;
    }
    case 'export': {
      const name = stringOption(args, 'name');
      const author = stringOption(args, 'author');
      if (!name || !author) throw new UsageError('template export needs --name and --author');
      const description = stringOption(args, 'description');
      const preview = stringOption(args, 'preview');
      const params = ((await jsonOption(args, 'params')) ?? []) as ExportParameter[];
      if (!Array.isArray(params)) throw new UsageError('--params must be a JSON list');
      const meta = { name, author, ...(description ? { description } : {}), ...(preview ? { preview } : {}) };
      const result = exportTemplate(read.value, params, meta, { packageOf: packageOf(catalog) });
      if (!result.ok) return report(result.problems, out, json);
      await write(args, result.template, out);
      return 0;
    }
    default:
      throw new UsageError(`unknown template command "${sub}" (validate, import or export)`);
  }
}
