import { randomBytes } from 'node:crypto';
import { formatProblem, ShowflowError } from '@showflow/shared';
import { openIdentity, Role, type Identity } from '../auth/index.ts';
import { openSharedIdentityStore } from '../cluster/shared-identity.ts';
import { readEnv } from '../env.ts';
import { stringOption, UsageError, type ParsedArgs } from './args.ts';

export const identityUsage = `  users list | add <name> --role R [--password-stdin] | passwd <name> [--password-stdin] | role <name> <R> | remove <name>  [--data-dir DIR]
      manage who may sign in to the editor (roles: viewer, producer, owner); a generated password is printed once;
      with DATABASE_URL set, the users and tokens every instance on that database shares
  token create <name> --role R | list | revoke <id>  [--data-dir DIR]
      API tokens for the CLI and automation (send as Authorization: Bearer …); a new token is printed once`;

type Print = (text: string) => void;

function roleOf(value: string | undefined): Role {
  const parsed = Role.safeParse(value);
  if (!parsed.success) throw new UsageError(`--role must be viewer, producer or owner`);
  return parsed.data;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** A password from stdin (never from argv, where `ps` shows it), or a generated one to print. */
async function passwordFrom(args: ParsedArgs): Promise<{ password: string; generated: boolean }> {
  if (args.options.get('password-stdin') === true) return { password: await readStdin(), generated: false };
  return { password: randomBytes(15).toString('base64url'), generated: true };
}

/** Catalogue errors (SF316 name taken, SF319 last owner …) are printed, exit code 1. */
async function guarded(print: Print, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof ShowflowError)) throw err;
    print(formatProblem({ code: err.code, message: err.message, path: [] }));
    return 1;
  }
}

export async function usersCommand(args: ParsedArgs, dataDir: string, print: Print): Promise<number> {
  const [action, name, role] = args.positionals;
  const identity: Identity = await openIdentity(dataDir, {}, await openSharedIdentityStore(readEnv().databaseUrl));
  return guarded(print, async () => {
    switch (action) {
      case 'list':
        for (const u of await identity.listUsers()) print(`${u.name}\t${u.role}\t${u.createdAt}`);
        return 0;
      case 'add': {
        if (!name) throw new UsageError('users add needs a name');
        const { password, generated } = await passwordFrom(args);
        const user = await identity.createUser({ name, role: roleOf(stringOption(args, 'role')), password });
        print(`added ${user.name} (${user.role})${generated ? `\npassword: ${password}\n(shown once)` : ''}`);
        return 0;
      }
      case 'passwd': {
        if (!name) throw new UsageError('users passwd needs a name');
        const { password, generated } = await passwordFrom(args);
        await identity.setPassword(name, password);
        print(`new password set for ${name}; their sessions are signed out${generated ? `\npassword: ${password}\n(shown once)` : ''}`);
        return 0;
      }
      case 'role': {
        if (!name) throw new UsageError('users role needs a name and a role');
        const user = await identity.setRole(name, roleOf(role));
        print(`${user.name} is now ${user.role}`);
        return 0;
      }
      case 'remove':
        if (!name) throw new UsageError('users remove needs a name');
        await identity.deleteUser(name);
        print(`removed ${name}`);
        return 0;
      default:
        throw new UsageError(`unknown users action "${action ?? ''}"`);
    }
  });
}

export async function tokenCommand(args: ParsedArgs, dataDir: string, print: Print): Promise<number> {
  const [action, nameOrId] = args.positionals;
  const identity = await openIdentity(dataDir, {}, await openSharedIdentityStore(readEnv().databaseUrl));
  return guarded(print, async () => {
    switch (action) {
      case 'create': {
        if (!nameOrId) throw new UsageError('token create needs a name');
        const { token, record } = await identity.createToken({ name: nameOrId, role: roleOf(stringOption(args, 'role')), createdBy: 'cli' });
        // The token alone on stdout, so scripts can capture it: TOKEN=$(showflow token create …)
        print(token);
        process.stderr.write(`token ${record.id} "${record.name}" (${record.role}); shown once\n`);
        return 0;
      }
      case 'list':
        for (const t of await identity.listTokens()) print(`${t.id}\t${t.role}\t${t.revokedAt ? `revoked ${t.revokedAt}` : 'active'}\t${t.name}`);
        return 0;
      case 'revoke': {
        if (!nameOrId) throw new UsageError('token revoke needs a token id (see token list)');
        const t = await identity.revokeToken(nameOrId);
        print(`revoked ${t.id} "${t.name}"`);
        return 0;
      }
      default:
        throw new UsageError(`unknown token action "${action ?? ''}"`);
    }
  });
}
