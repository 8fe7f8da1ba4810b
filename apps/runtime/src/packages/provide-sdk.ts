import { createRequire, register } from 'node:module';

let provided = false;

/**
 * Makes every node package import this runtime's SDK (docs/decisions/0075): the package
 * names `@showflow/nodes` as a peer dependency, and a package outside the checkout, with
 * its own linked or copied SDK or none at all, still gets the one instance the catalog,
 * config forms and frame pool were built with. Called once per thread that imports
 * package modules (the runtime's, and each isolated node's worker); later calls do nothing.
 */
export function provideSdkToPackages(): void {
  if (provided) return;
  provided = true;
  register(new URL('./sdk-resolve-hooks.mjs', import.meta.url), { data: { anchor: import.meta.url } });
}

/** The version of the SDK this runtime provides, checked against each package's peer range. */
export const sdkVersion: string = (createRequire(import.meta.url)('@showflow/nodes/package.json') as { version: string }).version;
