/**
 * Content types each route accepts on a state-changing request. Browsers send
 * `multipart/form-data`, `text/plain` and form-urlencoded bodies cross-site without a CORS
 * preflight; refusing them means no page can run a mutation with a "simple request".
 */

/** The media type of a Content-Type header, lower-cased, without parameters. */
export function mediaTypeOf(header: string | undefined): string | undefined {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return type || undefined;
}

export type ContentTypeRule = { required: boolean; accepted: readonly string[] };

const json: ContentTypeRule = { required: false, accepted: ['application/json'] };

/**
 * tRPC calls always carry JSON (its client sets the header, even for input-less mutations).
 * WHIP/WHEP carry SDP offers and trickled ICE fragments. Other routes (commerce REST) take
 * JSON, or no body at all.
 */
export function contentTypeRuleFor(pathname: string): ContentTypeRule {
  if (pathname.startsWith('/trpc/')) return { required: true, accepted: ['application/json'] };
  if (pathname.startsWith('/live/')) return { required: false, accepted: ['application/sdp', 'application/trickle-ice-sdpfrag'] };
  return json;
}

export function acceptsContentType(rule: ContentTypeRule, header: string | undefined): boolean {
  const type = mediaTypeOf(header);
  if (type === undefined) return !rule.required;
  return rule.accepted.includes(type);
}
