import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { NodeCatalog } from '@showflow/nodes/sdk';
import { ShowflowError, instantiate, problem, validateDocument, validateTemplate, type PipelineDocument, type Problem } from '@showflow/shared';
import type { ShowflowApp } from '../service/app.ts';
import { resolveImageValues, writeAssets } from './assets.ts';
import { confineDocumentFiles } from './file-references.ts';
import { templateEnvironment } from './environment.ts';
import { GALLERY_ID, galleryFile } from './gallery.ts';

export interface TemplateImportInput {
  /** The template itself (parsed JSON or its text)… */
  template?: unknown;
  /** …or the id of one in the gallery. */
  galleryId?: string;
  values?: Record<string, unknown>;
  /** Name of the new pipeline; defaults to the template's name. */
  name?: string;
}

export function refused(problems: Problem[]): ShowflowError {
  const summary = problems.length === 1 ? problems[0].message : `${problems.length} problems`;
  return new ShowflowError(problems[0]?.code ?? 'SF120', `the template cannot be imported: ${summary}`, problems);
}

/**
 * Makes a new pipeline draft from a template: checks the template against this runtime,
 * binds the values, upgrades node configs written for older type versions, and checks the
 * result as a deploy would. Nothing is stored unless every step passes; the draft is then
 * written in one store write.
 */
export async function importTemplate(app: ShowflowApp, input: TemplateImportInput, galleryDir: string): Promise<{ id: string; name: string; hash: string }> {
  const { source, baseDir } = await readSource(input, galleryDir, app.dataDir);
  const checked = validateTemplate(source, templateEnvironment(app.catalog));
  if (!checked.ok) throw refused(checked.problems);
  const template = checked.template;
  const assetsDir = path.join(app.dataDir, 'assets');
  const images = resolveImageValues(template, input.values ?? {}, baseDir, assetsDir);
  const made = instantiate(template, images.values);
  if (!made.ok) throw refused(made.problems);
  // Literal paths in node configs too, not only image parameters: a template shows only its own files.
  const confined = confineDocumentFiles(made.document, { baseDir, assetsDir });
  if (confined.problems.length) throw refused(confined.problems);

  const name = input.name?.trim() || template.meta.name;
  const document: PipelineDocument = { ...upgradeConfigs(confined.document, app.catalog), id: await freeId(app, name), name };
  const check = validateDocument(document, app.catalog);
  if (!check.ok) throw refused(check.problems.map((p) => ({ ...p, path: ['pipeline', ...p.path] })));
  await writeAssets(images.pending);
  const saved = await app.deployments.save(check.document);
  return { id: saved.id, name, hash: saved.hash };
}

/**
 * Node configs written for an older typeVersion are migrated and stored at the installed
 * version, so the draft (and every version deployed from it) holds what actually runs.
 */
export function upgradeConfigs(document: PipelineDocument, catalog: NodeCatalog): PipelineDocument {
  return {
    ...document,
    nodes: document.nodes.map((node) => {
      const spec = catalog.spec(node.type);
      if (!spec || spec.typeVersion <= node.typeVersion) return node;
      return { ...node, typeVersion: spec.typeVersion, config: catalog.migrateConfig(node.type, node.config, node.typeVersion) };
    }),
  };
}

async function readSource(input: TemplateImportInput, galleryDir: string, dataDir: string): Promise<{ source: unknown; baseDir: string }> {
  if (input.galleryId === undefined) {
    if (input.template === undefined) throw refused([problem('SF303', 'give a template or a gallery id', [])]);
    // A template uploaded on its own has no folder: relative image paths point into the runtime's assets.
    return { source: input.template, baseDir: path.join(dataDir, 'assets') };
  }
  if (!GALLERY_ID.test(input.galleryId)) throw refused([problem('SF303', `"${input.galleryId}" is not a gallery id`, ['galleryId'])]);
  const file = galleryFile(galleryDir, input.galleryId);
  const text = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) throw new ShowflowError('SF301', `no template "${input.galleryId}" in the gallery`);
  return { source: text, baseDir: galleryDir };
}

async function freeId(app: ShowflowApp, name: string): Promise<string> {
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48) || 'pipeline';
  for (;;) {
    const id = `${base}-${randomBytes(3).toString('hex')}`;
    if (!(await app.store.getPipeline(id))) return id;
  }
}
