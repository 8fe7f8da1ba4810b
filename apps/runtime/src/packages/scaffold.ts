import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ShowflowError } from '@showflow/shared';
import { Namespace, PackageManifest } from './manifest.ts';
import { sdkVersion } from './provide-sdk.ts';
import { scaffoldFiles } from './scaffold-files.ts';

export interface ScaffoldOptions {
  /** npm name; default: the folder's name. */
  name?: string;
  /** Node type prefix; default: the name without its scope, scope first (`@me/fx` → `me.fx`). */
  namespace?: string;
}

export interface Scaffolded {
  dir: string;
  name: string;
  namespace: string;
  files: string[];
}

/** The folder of the SDK this runtime uses: new packages link it for their tests and types. */
export function sdkDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve('@showflow/nodes/package.json'));
}

/**
 * Writes a new node package into `dir` (created if missing). An existing non-empty folder
 * is never written into, so nobody's work is overwritten (SF135).
 */
export async function scaffoldNodePackage(dir: string, options: ScaffoldOptions = {}): Promise<Scaffolded> {
  const target = path.resolve(dir);
  const name = options.name ?? path.basename(target).toLowerCase();
  const nameCheck = PackageManifest.shape.name.safeParse(name);
  if (!nameCheck.success) throw new ShowflowError('SF135', `"${name}" is not an npm package name; pass --name, like @me/my-nodes`);
  const namespace = options.namespace ?? name.replace(/^@/, '').replace('/', '.').replace(/[._]+/g, '.').replace(/[^a-z0-9.-]/g, '');
  const nsCheck = Namespace.safeParse(namespace);
  if (!nsCheck.success) throw new ShowflowError('SF135', `namespace "${namespace}": ${nsCheck.error.issues[0]?.message}; pass --namespace, like me.fx`);
  const existing = await fs.readdir(target).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return [];
    throw new ShowflowError('SF135', `${target} cannot be used: ${err.code === 'ENOTDIR' ? 'it is a file' : err.message}`);
  });
  if (existing.length) throw new ShowflowError('SF135', `${target} is not empty; choose a new folder`);
  const files = scaffoldFiles({ name, namespace, sdkDir: sdkDir(), sdkVersion });
  for (const [file, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(target, file)), { recursive: true });
    await fs.writeFile(path.join(target, file), text, { flag: 'wx' });
  }
  return { dir: target, name, namespace, files: Object.keys(files) };
}
