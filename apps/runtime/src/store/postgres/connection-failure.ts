import { ShowflowError } from '@showflow/shared';

/**
 * Connection failures (refused, unknown host, wrong password, no such database) become SF330
 * with the address, password hidden. Other errors (a failing migration, SF331) pass as they are.
 */
export function connectionFailure(err: unknown, connectionString: string): unknown {
  if (err instanceof ShowflowError) return err;
  const code = (err as { code?: unknown }).code;
  const fromServer = typeof err === 'object' && err !== null && 'severity' in err;
  if (fromServer && !(typeof code === 'string' && /^(08|28|3D)/.test(code))) return err;
  return new ShowflowError('SF330', `the pipeline database at ${redact(connectionString)} cannot be reached: ${(err as Error).message}`);
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
