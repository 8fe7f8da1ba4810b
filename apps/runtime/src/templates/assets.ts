import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ShowflowTemplate } from '@showflow/shared';

export interface PendingAsset {
  file: string;
  data: Buffer;
}

/**
 * Turns image parameter values into files the nodes can open: a relative path is resolved
 * against the template's folder, a data URL becomes a content-addressed file under
 * `<dataDir>/assets` (returned as pending: written only once the import is known to succeed).
 */
export function resolveImageValues(
  template: ShowflowTemplate,
  values: Record<string, unknown>,
  baseDir: string,
  assetsDir: string,
): { values: Record<string, unknown>; pending: PendingAsset[] } {
  const out = { ...values };
  const pending: PendingAsset[] = [];
  for (const [name, def] of Object.entries(template.parameters)) {
    if (def.type !== 'image' && def.type !== 'product-list') continue;
    const given = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : def.default;
    const resolve = (ref: unknown): unknown => {
      if (typeof ref !== 'string' || !ref) return ref;
      const data = /^data:image\/(png|jpeg|webp);base64,(.*)$/s.exec(ref);
      if (data) {
        const bytes = Buffer.from(data[2], 'base64');
        const file = path.join(assetsDir, `${createHash('sha256').update(bytes).digest('hex').slice(0, 32)}.${data[1] === 'jpeg' ? 'jpg' : data[1]}`);
        pending.push({ file, data: bytes });
        return file;
      }
      return path.resolve(baseDir, ref);
    };
    if (def.type === 'image') out[name] = resolve(given);
    else if (Array.isArray(given)) out[name] = given.map((p) => (p && typeof p === 'object' && 'image' in p ? { ...p, image: resolve((p as { image: unknown }).image) } : p));
  }
  return { values: out, pending };
}

export async function writeAssets(pending: PendingAsset[]): Promise<void> {
  for (const asset of pending) {
    await fs.mkdir(path.dirname(asset.file), { recursive: true });
    // Content-addressed: an existing file already holds these bytes.
    await fs.writeFile(asset.file, asset.data, { flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'EEXIST') throw err;
    });
  }
}
