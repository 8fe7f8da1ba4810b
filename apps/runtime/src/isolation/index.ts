export { isolatedDefinition, type IsolationHooks } from './isolated-definition.ts';
export { IsolatedNode } from './isolated-node.ts';
export { defaultIsolationLimits, watchdogMs, type IsolationLimits } from './limits.ts';
export { StartCrashJournal, type StartCrashRecord } from './start-crash-journal.ts';
