import path from 'node:path';
import { ShowflowError } from '@showflow/shared';
import { stringOption, UsageError, type ParsedArgs } from './args.ts';
import { scaffoldNodePackage } from '../packages/scaffold.ts';

export const newNodePackageUsage = `  new-node-package <dir> [--name @me/my-nodes] [--namespace me.fx]
      write a node package (manifest, one node, its test) into a new folder, anywhere`;

/**
 * `showflow new-node-package <dir>`. Under `npm run showflow` the command runs in the
 * checkout, so a relative folder is taken from where npm was started (INIT_CWD).
 */
export async function newNodePackageCommand(args: ParsedArgs, nodesDir: string, print: (line: string) => void): Promise<number> {
  const dir = args.positionals[0];
  if (!dir) throw new UsageError('new-node-package needs a folder');
  const target = path.resolve(process.env.INIT_CWD ?? process.cwd(), dir);
  try {
    const made = await scaffoldNodePackage(target, { name: stringOption(args, 'name'), namespace: stringOption(args, 'namespace') });
    print(`created ${made.name} (namespace ${made.namespace}) in ${made.dir}: ${made.files.join(', ')}`);
    print('next:');
    print(`  cd ${made.dir} && npm install && npm test`);
    print(`  mkdir -p ${nodesDir} && ln -s ${made.dir} ${path.join(nodesDir, path.basename(made.dir))}`);
    return 0;
  } catch (err) {
    if (!(err instanceof ShowflowError)) throw err;
    print(`${err.code} ${err.message}`);
    return 1;
  }
}
