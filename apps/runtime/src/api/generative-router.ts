import { z } from 'zod';
import { TRPCError } from '@trpc/server';
import { ElementId } from '@showflow/shared';
import { generativeService, isGenerativeError, overlayNodeKey, type GenerativeService } from '@showflow/generative';
import type { ShowflowApp } from '../service/app.ts';
import { producerProcedure, router, viewerProcedure } from './trpc.ts';

const NodeRef = z.object({ pipelineId: ElementId, nodeId: ElementId });
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex sha256');

/** Where the runtime serves an asset; the editor prefixes its runtime URL. */
export const assetPath = (assetHash: string) => `/assets/${assetHash}.png`;

const trpcCodes = { SF501: 'TOO_MANY_REQUESTS', SF502: 'TOO_MANY_REQUESTS', SF507: 'NOT_FOUND', SF509: 'BAD_REQUEST' } as const;

/**
 * SF5xx errors become tRPC errors with a fitting HTTP status; the message starts with the
 * SF5xx code and is the layer's own, which never carries secrets. The cause stays the
 * GenerativeError: the shared middleware would re-map a ShowflowError cause to a 500.
 */
function apiError(error: unknown): unknown {
  if (!isGenerativeError(error)) return error;
  const code = (trpcCodes as Record<string, TRPCError['code']>)[error.code] ?? 'INTERNAL_SERVER_ERROR';
  return new TRPCError({ code, message: error.message, cause: error });
}

function serviceOf(app: ShowflowApp): GenerativeService {
  try {
    return generativeService(app);
  } catch (err) {
    throw new TRPCError({ code: 'PRECONDITION_FAILED', message: (err as Error).message });
  }
}

function notFound(what: string): TRPCError {
  return new TRPCError({ code: 'NOT_FOUND', message: `SF507 ${what}` });
}

/** Producers' controls for generative overlay nodes: list and switch variations, read stats, verify assets. */
export const generativeRouter = router({
  variations: viewerProcedure.input(NodeRef).query(({ ctx, input }) => {
    const listing = serviceOf(ctx.app).variations(overlayNodeKey(input.pipelineId, input.nodeId));
    if (!listing) throw notFound(`no generative node ${input.nodeId} running in pipeline ${input.pipelineId}`);
    return {
      active: listing.active ?? null,
      currentAssetSha256: listing.currentAssetHash ?? null,
      currentAssetPath: listing.currentAssetHash ? assetPath(listing.currentAssetHash) : null,
      variations: listing.variations.map(({ assetHash, ...v }) => ({ ...v, assetSha256: assetHash ?? null, assetPath: assetHash ? assetPath(assetHash) : null })),
    };
  }),

  /** Switches the shown variation at once: memory only, no provider call; the next composed frame has it. */
  select: producerProcedure.input(NodeRef.extend({ index: z.number().int().min(0) })).mutation(({ ctx, input }) => {
    const service = serviceOf(ctx.app);
    try {
      const asset = service.select(overlayNodeKey(input.pipelineId, input.nodeId), input.index);
      return { active: input.index, assetSha256: asset.assetHash, assetPath: assetPath(asset.assetHash) };
    } catch (err) {
      throw apiError(err);
    }
  }),

  stats: viewerProcedure.input(NodeRef).query(({ ctx, input }) => {
    const service = serviceOf(ctx.app);
    const stats = service.nodeStats(overlayNodeKey(input.pipelineId, input.nodeId));
    if (!stats) throw notFound(`no generative node ${input.nodeId} running in pipeline ${input.pipelineId}`);
    // The provider description is built to be shown: model and cost, whether a key is set, never the key.
    return { ...stats, provider: service.describe().provider };
  }),

  verify: viewerProcedure.input(z.object({ assetSha256: Sha256 })).query(async ({ ctx, input }) => {
    const result = await serviceOf(ctx.app).verify(input.assetSha256);
    if (!result) throw notFound(`no asset with sha256 ${input.assetSha256}`);
    return result;
  }),
});
