import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ShowflowError, type JsonPath, type Problem, type ShowflowTemplate } from '@showflow/shared';
import { confineReference } from './file-references.ts';
import { checkDataImage, checkImageFile } from './image-checks.ts';

export interface PendingAsset {
  file: string;
  data: Buffer;
}

/**
 * Turns image parameter values into files the nodes can open: a relative path is resolved
 * against the template's folder, a data URL becomes a content-addressed file under
 * `<dataDir>/assets` (returned as pending: written only once the import is known to succeed).
 * Every value is checked first: paths stay inside the template's folder or the assets
 * (SF143), files and data URLs must be PNG, JPEG or WebP within the size limit (SF144).
 * Any problem refuses the whole import, before anything is written.
 */
export function resolveImageValues(
  template: ShowflowTemplate,
  values: Record<string, unknown>,
  baseDir: string,
  assetsDir: string,
): { values: Record<string, unknown>; pending: PendingAsset[] } {
  const out = { ...values };
  const pending: PendingAsset[] = [];
  const problems: Problem[] = [];
  for (const [name, def] of Object.entries(template.parameters)) {
    if (def.type !== 'image' && def.type !== 'product-list') continue;
    const given = Object.prototype.hasOwnProperty.call(values, name);
    const value = given ? values[name] : def.default;
    const base: JsonPath = given ? ['values', name] : ['parameters', name, 'default'];
    const resolve = (ref: unknown, at: JsonPath): unknown => {
      if (typeof ref !== 'string' || !ref) return ref;
      const data = /^data:image\/(png|jpeg|webp);base64,(.*)$/s.exec(ref);
      if (data) {
        // base64 is 4 characters per 3 bytes: refuse a huge one before decoding it.
        if (data[2].length > 12 * 1024 * 1024) {
          problems.push({ code: 'SF144', message: `the data URL is ${data[2].length} characters; too large to import`, path: at });
          return ref;
        }
        const bytes = Buffer.from(data[2], 'base64');
        const bad = checkDataImage(bytes, data[1] as 'png' | 'jpeg' | 'webp', at);
        if (bad) {
          problems.push(bad);
          return ref;
        }
        const file = path.join(assetsDir, `${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}.${data[1] === 'jpeg' ? 'jpg' : data[1]}`);
        pending.push({ file, data: bytes });
        return file;
      }
      const confined = confineReference(ref, { baseDir, assetsDir }, at);
      if ('problem' in confined) {
        problems.push(confined.problem);
        return ref;
      }
      const bad = checkImageFile(confined.file, at);
      if (bad) problems.push(bad);
      return confined.file;
    };
    if (def.type === 'image') out[name] = resolve(value, base);
    else if (Array.isArray(value)) {
      out[name] = value.map((p, i) => (p && typeof p === 'object' && 'image' in p ? { ...p, image: resolve((p as { image: unknown }).image, [...base, i, 'image']) } : p));
    }
  }
  if (problems.length) {
    const summary = problems.length === 1 ? problems[0].message : `${problems.length} problems`;
    throw new ShowflowError(problems[0].code, `the template cannot be imported: ${summary}`, problems);
  }
  return { values: out, pending };
}

export async function writeAssets(pending: PendingAsset[]): Promise<void> {
  for (const asset of pending) {
    await fs.mkdir(path.dirname(asset.file), { recursive: true, mode: 0o700 });
    // Content-addressed: an existing file already holds these bytes.
    await fs.writeFile(asset.file, asset.data, { flag: 'wx', mode: 0o600 }).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
  }
}
