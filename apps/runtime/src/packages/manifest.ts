import { z } from 'zod';

/** Namespaces are dotted lowercase ids; `showflow` is reserved for the types that ship with the runtime. */
export const Namespace = z
  .string()
  .regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)*$/, 'a namespace is lowercase words joined by dots, like studio.lower-third')
  .refine((ns) => ns !== 'showflow' && !ns.startsWith('showflow.'), 'the showflow namespace is reserved for built-in nodes');

/**
 * The part of a node package's package.json the runtime reads:
 * `"showflow": {"namespace": "studio.lower-third", "nodes": ["./src/banner.ts"]}`.
 */
export const PackageManifest = z.object({
  name: z.string().regex(/^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/, 'name must be an npm package name'),
  version: z.string().regex(/^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/, 'version must be major.minor.patch'),
  showflow: z.object({
    namespace: Namespace,
    /** Module paths relative to the package folder; each exports node definitions as `nodes` or `default`. */
    nodes: z
      .array(z.string().regex(/^\.\/(?!.*(^|\/)\.\.(\/|$)).+\.(ts|mts|js|mjs)$/, 'a node module is a ./relative .ts or .js path inside the package'))
      .min(1),
  }),
  /** The SDK range the package was written for; the runtime provides the SDK and checks it (SF134). */
  peerDependencies: z.record(z.string(), z.string().max(200)).optional(),
});
export type PackageManifest = z.infer<typeof PackageManifest>;
