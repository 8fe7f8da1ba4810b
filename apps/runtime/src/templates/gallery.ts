import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NodeCatalog } from '@showflow/nodes/sdk';
import { problem, TEMPLATE_FILE_SUFFIX, validateTemplate, type ParameterDef, type Problem, type Requirement, type TemplateMeta } from '@showflow/shared';
import { templateEnvironment } from './environment.ts';

export const defaultGalleryDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../examples/templates');

/** Gallery ids are file names without the suffix: lowercase words and dashes. */
export const GALLERY_ID = /^[a-z0-9][a-z0-9-]{0,80}$/;

export interface GalleryEntry {
  id: string;
  meta: TemplateMeta | null;
  parameters: Record<string, ParameterDef>;
  requires: Requirement[];
  /** The preview image inlined as a data URL (previews are small JPEGs), or null. */
  preview: string | null;
  /** Empty when the template imports here; otherwise why not (e.g. a node package is missing). */
  problems: Problem[];
}

export function galleryFile(dir: string, id: string): string {
  return path.join(dir, `${id}${TEMPLATE_FILE_SUFFIX}`);
}

/** Every `*.showflow.json` in the gallery folder, checked against this runtime's catalog. */
export async function readGallery(dir: string, catalog: NodeCatalog): Promise<GalleryEntry[]> {
  const files = (await fs.readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith(TEMPLATE_FILE_SUFFIX)).sort();
  const env = templateEnvironment(catalog);
  return Promise.all(
    files.map(async (file): Promise<GalleryEntry> => {
      const id = file.slice(0, -TEMPLATE_FILE_SUFFIX.length);
      const text = await fs.readFile(path.join(dir, file), 'utf8').catch((err: Error) => err);
      if (text instanceof Error) return { id, meta: null, parameters: {}, requires: [], preview: null, problems: [problem('SF100', `cannot read ${file}: ${text.message}`)] };
      const checked = validateTemplate(text, env);
      // A template that does not import here is still shown, with its requirements, so people see what to install.
      const shape = checked.ok ? checked : validateTemplate(text);
      const template = shape.ok ? shape.template : null;
      return {
        id,
        meta: template?.meta ?? null,
        parameters: template?.parameters ?? {},
        requires: template?.requires ?? [],
        preview: template?.meta.preview ? await previewDataUrl(dir, template.meta.preview) : null,
        problems: checked.ok ? [] : checked.problems,
      };
    }),
  );
}

async function previewDataUrl(dir: string, ref: string): Promise<string | null> {
  if (ref.startsWith('data:')) return ref;
  const file = path.resolve(dir, ref);
  if (path.relative(dir, file).startsWith('..')) return null; // previews live beside the templates
  const mime = /\.png$/i.test(file) ? 'image/png' : /\.webp$/i.test(file) ? 'image/webp' : 'image/jpeg';
  const data = await fs.readFile(file).catch(() => null);
  return data ? `data:${mime};base64,${data.toString('base64')}` : null;
}
