import { createRequire } from 'node:module';
import type runtimeModule from '@node-red/runtime';
import type utilModule from '@node-red/util';
import type { LogLevel } from '../env.ts';
import type { Logger } from '../log.ts';

const require = createRequire(import.meta.url);

/** One Node-RED flow node as Node-RED reads it. */
export interface FlowNode {
  id: string;
  type: string;
  z?: string;
  x?: number;
  y?: number;
  wires?: string[][];
  [key: string]: unknown;
}

/**
 * Node-RED's flow store lives in memory: Showflow keeps pipelines in its own store and
 * hands Node-RED the compiled flows, so Node-RED never writes a file.
 */
function memoryStorage() {
  let flows: unknown[] = [];
  let credentials: Record<string, unknown> = {};
  let settings: Record<string, unknown> = {};
  let sessions: Record<string, unknown> = {};
  return {
    init: async () => {},
    getFlows: async () => flows,
    saveFlows: async (f: unknown[]) => {
      flows = f;
    },
    getCredentials: async () => credentials,
    saveCredentials: async (c: Record<string, unknown>) => {
      credentials = c;
    },
    getSettings: async () => settings,
    saveSettings: async (s: Record<string, unknown>) => {
      settings = s;
    },
    getSessions: async () => sessions,
    saveSessions: async (s: Record<string, unknown>) => {
      sessions = s;
    },
    getLibraryEntry: async () => [],
    saveLibraryEntry: async () => {},
  };
}

/**
 * The process's single embedded Node-RED runtime (Node-RED keeps its state in module
 * globals, so there can only be one). Each pipeline owns a set of flow nodes (its tab);
 * every change is applied as a Node-RED "nodes" deploy, which restarts only the nodes
 * whose config or wiring changed.
 */
export class EmbeddedNodeRed {
  private static instance: Promise<EmbeddedNodeRed> | undefined;
  private readonly groups = new Map<string, FlowNode[]>();
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly runtime: typeof runtimeModule,
    readonly util: typeof utilModule,
  ) {}

  static get(logLevel: LogLevel, log: Logger): Promise<EmbeddedNodeRed> {
    EmbeddedNodeRed.instance ??= EmbeddedNodeRed.boot(logLevel, log.child('node-red'));
    return EmbeddedNodeRed.instance;
  }

  private static async boot(logLevel: LogLevel, log: Logger): Promise<EmbeddedNodeRed> {
    const runtime = require('@node-red/runtime') as typeof runtimeModule;
    const util = require('@node-red/util') as typeof utilModule;
    const settings: Record<string, unknown> = {
      storageModule: memoryStorage(),
      telemetry: { enabled: false, updateNotification: false },
      // No credentials are ever stored, so there is nothing to encrypt (and no key warning).
      credentialSecret: false,
      externalModules: { autoInstall: false, palette: { allowInstall: false } },
      // Node-RED's console logger writes to stdout; its lines go to Showflow's logger (stderr) instead.
      logging: { showflow: { level: logLevel, metrics: false, audit: false, handler: () => forwardLog(log) } },
      // Only nodes registered from code: no node folders are scanned.
      coreNodesDir: undefined,
      nodesExcludes: [],
      editorTheme: { projects: { enabled: false } },
      disableEditor: true,
      httpAdminRoot: false,
      httpNodeRoot: false,
    };
    // util.init must come first: runtime.init reads the logger and i18n it sets up.
    util.init(settings);
    runtime.init(settings);
    const started = nextFlowsStarted(util);
    await runtime.start();
    await started;
    return new EmbeddedNodeRed(runtime, util);
  }

  /**
   * Replaces one group's flow nodes (or removes the group with `undefined`) and waits
   * until Node-RED has restarted what changed. Calls are applied one at a time.
   */
  setGroup(key: string, nodes: FlowNode[] | undefined, deploymentType: 'nodes' | 'full' = 'nodes'): Promise<void> {
    const run = this.queue.then(async () => {
      if (nodes) this.groups.set(key, nodes);
      else this.groups.delete(key);
      const flows = [...this.groups.values()].flat();
      const started = nextFlowsStarted(this.util);
      await this.runtime.flows.setFlows({ flows: { flows }, deploymentType });
      await started;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** Node-RED levels: 10 fatal, 20 error, 30 warn, 40 info, 50 debug, 60 trace. */
function forwardLog(log: Logger) {
  return (entry: { level: number; msg: unknown }) => {
    const text = typeof entry.msg === 'string' ? entry.msg : entry.msg instanceof Error ? entry.msg.message : JSON.stringify(entry.msg);
    // Showflow stores no Node-RED credentials, so this warning never applies.
    if (/unencrypted credentials/i.test(text)) return;
    if (entry.level <= 20) log.error(text);
    else if (entry.level <= 30) log.warn(text);
    else if (entry.level <= 40) log.info(text);
    else log.debug(text);
  };
}

function nextFlowsStarted(util: typeof utilModule): Promise<void> {
  return new Promise((resolve) => {
    const listener = () => {
      util.events.off('flows:started', listener);
      resolve();
    };
    util.events.on('flows:started', listener);
  });
}
