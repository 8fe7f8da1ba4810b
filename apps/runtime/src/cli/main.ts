import { readEnv } from '../env.ts';
import { createLogger } from '../log.ts';
import { intOption, parseArgs, stringOption, UsageError, type ParsedArgs } from './args.ts';
import { loadCatalog } from './catalog.ts';
import { runCommand } from './run.ts';
import { serveCommand } from './serve.ts';
import { validateCommand } from './validate.ts';
import { nodesDirs } from '../packages/index.ts';
import { packagesCommand } from './template-packages.ts';
import { templateCommand, templateUsage } from './template.ts';
import { verifyAssetCommand } from './verify-asset.ts';
import { generativeDataDir } from '../modules/generative.ts';
import { identityUsage, tokenCommand, usersCommand } from './identity-commands.ts';
import { firstRunBanner } from './serve-access.ts';
import { newNodePackageCommand, newNodePackageUsage } from './new-node-package.ts';

const usage = `usage: showflow <command>

  run <document> [--frames N] [--json] [--timeout S] [--nodes module]
      run a pipeline headless until each source has emitted N frames (default 90), print per-node latency
  validate <document> [--nodes module]
      print every problem in a pipeline document; exit code 1 if there is any
  serve [--port P] [--host H] [--data-dir DIR] [--seed document] [--nodes module]
      start the runtime (tRPC at /trpc, /metrics, /healthz, /preview/<pipeline>/<node>.jpg)
  verify-asset <asset.png> <record.json> [--public-key file.pem] [--data-dir DIR]
      check a generated image against its signed provenance record; exit code 1 if it does not verify

${templateUsage}
  packages [--json]
      list the node packages found in the nodes folders and why any failed to load; exit code 1 if one failed
${newNodePackageUsage}
${identityUsage}

environment: SHOWFLOW_NODES_DIR, SHOWFLOW_HOST, SHOWFLOW_DATA_DIR, SHOWFLOW_LOG_LEVEL,
  SHOWFLOW_BOOTSTRAP_TOKEN, SHOWFLOW_OWNER_PASSWORD, SHOWFLOW_EDITOR_ORIGINS, SHOWFLOW_SESSION_HOURS`;

const print = (text: string) => process.stdout.write(`${text}\n`);

function extraNodes(args: ParsedArgs): string[] {
  const v = stringOption(args, 'nodes');
  return v ? v.split(',') : [];
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const args = parseArgs(rest, ['json', 'help', 'password-stdin']);
  if (!command || command === 'help' || command === '--help' || args.options.has('help')) {
    print(usage);
    return command ? 0 : 2;
  }
  const env = readEnv();
  const log = createLogger(env.logLevel);
  const document = args.positionals[0];
  switch (command) {
    case 'validate': {
      if (!document) throw new UsageError('validate needs a document file');
      return validateCommand(document, await loadCatalog(extraNodes(args), nodesDirs(env)), print);
    }
    case 'run': {
      if (!document) throw new UsageError('run needs a document file');
      const frames = intOption(args, 'frames', 90, 1);
      const timeoutMs = intOption(args, 'timeout', 120, 1) * 1000;
      return runCommand(document, await loadCatalog(extraNodes(args), nodesDirs(env)), env, log, { frames, json: args.options.get('json') === true, timeoutMs }, print);
    }
    case 'serve': {
      // Whatever the runtime or its libraries create later (database files, caches, assets)
      // is readable by its owner only, like the data folder itself (docs/decisions/0039).
      process.umask(0o077);
      const port = intOption(args, 'port', env.port, 0);
      const host = stringOption(args, 'host') ?? env.host;
      const dataDir = stringOption(args, 'data-dir');
      const served = await serveCommand(
        { ...env, port, host, ...(dataDir ? { dataDir: readEnv({ ...process.env, SHOWFLOW_DATA_DIR: dataDir }).dataDir } : {}) },
        await loadCatalog(extraNodes(args), nodesDirs(dataDir ? readEnv({ ...process.env, SHOWFLOW_DATA_DIR: dataDir }) : env)),
        log,
        stringOption(args, 'seed'),
      );
      if (served.firstRunOwner) print(firstRunBanner(served.firstRunOwner));
      print(`showflow runtime listening on ${served.server.url}`);
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await served.server.close();
      await served.app.close();
      return 0;
    }
    case 'verify-asset': {
      const [asset, record] = args.positionals;
      if (!asset || !record) throw new UsageError('verify-asset needs an asset file and its provenance record');
      const dataDir = stringOption(args, 'data-dir');
      const keyDataDir = generativeDataDir(dataDir ? readEnv({ ...process.env, SHOWFLOW_DATA_DIR: dataDir }) : env);
      return verifyAssetCommand(asset, record, { publicKeyPath: stringOption(args, 'public-key'), dataDir: keyDataDir }, print);
    }
    case 'template':
      return templateCommand(args, env, await loadCatalog(extraNodes(args), nodesDirs(env)), print);
    case 'users':
    case 'token': {
      const dataDir = stringOption(args, 'data-dir');
      const dir = dataDir ? readEnv({ ...process.env, SHOWFLOW_DATA_DIR: dataDir }).dataDir : env.dataDir;
      return command === 'users' ? usersCommand(args, dir, print) : tokenCommand(args, dir, print);
    }
    case 'packages':
      return packagesCommand(await loadCatalog(extraNodes(args), nodesDirs(env)), args.options.get('json') === true, print);
    case 'new-node-package':
      return newNodePackageCommand(args, nodesDirs(env)[0], print);
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n\n${usage}\n`);
      process.exit(2);
    }
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
