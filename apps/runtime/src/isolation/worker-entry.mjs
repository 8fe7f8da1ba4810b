// An isolated node's worker thread starts here: the runtime and node packages ship as
// TypeScript, so the worker registers tsx for itself before loading its runner.
import { register } from 'tsx/esm/api';

register();
await import('./worker-main.ts');
