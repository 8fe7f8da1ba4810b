import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Package folders under a nodes directory: each direct subfolder with a package.json
 * (a local package being developed: a broken manifest there is reported, not skipped),
 * and what `npm install --prefix <dir>` put in `<dir>/node_modules` (scoped or not),
 * where only packages whose package.json has a `showflow` field count, so their plain
 * dependencies are skipped.
 */
export async function discoverPackageDirs(nodesDir: string): Promise<string[]> {
  const found: string[] = [];
  for (const dir of await subdirs(nodesDir)) {
    if (path.basename(dir) === 'node_modules') continue;
    if (await hasPackageJson(dir)) found.push(dir);
  }
  const modules = path.join(nodesDir, 'node_modules');
  for (const dir of await subdirs(modules)) {
    const children = path.basename(dir).startsWith('@') ? await subdirs(dir) : [dir];
    for (const child of children) if (await isNodePackage(child)) found.push(child);
  }
  return found;
}

async function subdirs(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory() || e.isSymbolicLink())
    .map((e) => path.join(dir, e.name))
    .sort();
}

async function hasPackageJson(dir: string): Promise<boolean> {
  return fs.stat(path.join(dir, 'package.json')).then((s) => s.isFile(), () => false);
}

async function isNodePackage(dir: string): Promise<boolean> {
  try {
    const json = JSON.parse(await fs.readFile(path.join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    return json !== null && typeof json === 'object' && 'showflow' in json;
  } catch {
    // Under node_modules an unreadable package.json is some other tool's problem.
    return false;
  }
}
