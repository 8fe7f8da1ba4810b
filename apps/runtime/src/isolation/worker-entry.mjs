// An isolated node's worker thread starts here: the runtime and node packages ship as
// TypeScript, so the worker registers tsx for itself before loading its runner, then
// points the package's SDK imports at the runtime's SDK, as the main thread does.
import { register } from 'tsx/esm/api';

register();
const { provideSdkToPackages } = await import('../packages/provide-sdk.ts');
provideSdkToPackages();
await import('./worker-main.ts');
