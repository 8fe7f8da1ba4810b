import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

let bundle: Promise<string> | undefined;

/** The capture SDK as one ES module, the way a plain page would load it. */
export function captureSdkBundle(): Promise<string> {
  bundle ??= build({
    entryPoints: [fileURLToPath(new URL('../../../capture-sdk/src/index.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    write: false,
  }).then((result) => result.outputFiles[0].text);
  return bundle;
}
