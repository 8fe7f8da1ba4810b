#!/usr/bin/env node
// Runs the TypeScript CLI directly: the runtime ships as source and tsx compiles on load.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
