// Module resolution hooks (node:module register) for node packages: whatever folder a
// package lives in, and whatever copy of the SDK it installed for its own tests, its
// `@showflow/nodes` imports resolve to the SDK this runtime uses, as a peer dependency
// should. Plain JavaScript: hooks load before any TypeScript loader.

/** A file inside the runtime; the SDK is resolved as if that file imported it. */
let anchor;

export function initialize(data) {
  anchor = data?.anchor;
}

export async function resolve(specifier, context, nextResolve) {
  if (anchor && (specifier === '@showflow/nodes' || specifier.startsWith('@showflow/nodes/')) && context.parentURL !== anchor) {
    return nextResolve(specifier, { ...context, parentURL: anchor });
  }
  return nextResolve(specifier, context);
}
