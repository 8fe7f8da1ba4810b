import { z } from 'zod';
import { ShowflowError } from '@showflow/shared';
import { clearedSessionCookie, clientAddress, isSecureRequest, isTrustedOrigin, Role, sessionCookie, type Identity } from '../auth/index.ts';
import { ownerProcedure, publicProcedure, router, type ApiContext } from './trpc.ts';

function identityOf(ctx: ApiContext): Identity {
  if (!ctx.identity) throw new ShowflowError('SF310', 'this runtime API has no sign-in (it runs without HTTP)');
  return ctx.identity;
}

const UserName = z.string().min(1).max(64);
const Password = z.string().max(256);

/** Sign-in and sign-out for the editor (a session cookie), and who is calling. */
export const authRouter = router({
  me: publicProcedure.query(({ ctx }) => {
    const { caller } = ctx.auth;
    if (caller.kind === 'anonymous') return { signedIn: false as const, reason: ctx.auth.refused?.code ?? null };
    return { signedIn: true as const, kind: caller.kind, name: caller.name, role: caller.role };
  }),

  signIn: publicProcedure.input(z.object({ name: UserName, password: Password })).mutation(async ({ ctx, input }) => {
    const identity = identityOf(ctx);
    const req = ctx.http?.req;
    // A page on another site must not sign the browser into someone else's account.
    if (req?.headers.origin && !isTrustedOrigin(req.headers.origin, ctx.origins ?? { trustedOrigins: [] })) {
      throw new ShowflowError('SF311', `sign-in is not accepted from origin ${req.headers.origin}`);
    }
    const client = req ? clientAddress(req) : 'local';
    const signedIn = await identity.signIn(input.name, input.password, client).catch((err: unknown) => {
      // A trail for the operator: who was refused, from where (never the password).
      const code = (err as { code?: string }).code;
      if (code === 'SF312' || code === 'SF313') ctx.app.log[code === 'SF313' ? 'warn' : 'info'](`sign-in refused (${code}) for "${input.name.slice(0, 64)}" from ${client}`);
      throw err;
    });
    const { session, user, expiresAt } = signedIn;
    // The browser keeps the cookie for the session's longest life; the runtime ends it sooner when unused.
    ctx.http?.res.setHeader('set-cookie', sessionCookie(session, identity.sessionMaxMs / 1000, req ? isSecureRequest(req) : false));
    return { user, expiresAt };
  }),

  /** Ends the session of this browser; harmless when not signed in. */
  signOut: publicProcedure.mutation(async ({ ctx }) => {
    if (ctx.auth.session && ctx.identity) await ctx.identity.signOut(ctx.auth.session);
    const req = ctx.http?.req;
    ctx.http?.res.setHeader('set-cookie', clearedSessionCookie(req ? isSecureRequest(req) : false));
    return { signedIn: false as const };
  }),
});

/** User and API token management: owners only. */
export const usersRouter = router({
  list: ownerProcedure.query(({ ctx }) => identityOf(ctx).listUsers()),
  create: ownerProcedure
    .input(z.object({ name: UserName, role: Role, password: Password }))
    .mutation(({ ctx, input }) => identityOf(ctx).createUser(input)),
  setRole: ownerProcedure.input(z.object({ name: UserName, role: Role })).mutation(({ ctx, input }) => identityOf(ctx).setRole(input.name, input.role)),
  setPassword: ownerProcedure
    .input(z.object({ name: UserName, password: Password }))
    .mutation(async ({ ctx, input }) => {
      await identityOf(ctx).setPassword(input.name, input.password);
      return { ok: true as const };
    }),
  delete: ownerProcedure.input(z.object({ name: UserName })).mutation(async ({ ctx, input }) => {
    await identityOf(ctx).deleteUser(input.name);
    return { ok: true as const };
  }),
});

export const tokensRouter = router({
  list: ownerProcedure.query(({ ctx }) => identityOf(ctx).listTokens()),
  /** The token is in this answer only; the runtime keeps its hash. */
  create: ownerProcedure
    .input(z.object({ name: z.string().min(1).max(100), role: Role }))
    .mutation(({ ctx, input }) => identityOf(ctx).createToken({ ...input, createdBy: ctx.auth.caller.kind === 'anonymous' ? 'unknown' : `${ctx.auth.caller.kind}:${ctx.auth.caller.name}` })),
  revoke: ownerProcedure.input(z.object({ id: z.string().min(1).max(40) })).mutation(({ ctx, input }) => identityOf(ctx).revokeToken(input.id)),
});
