import { createTRPCContext } from '@trpc/tanstack-react-query';
import type { AppRouter } from '@showflow/runtime/router';

/** React bindings for the runtime API; the router is imported as a type only. */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();
