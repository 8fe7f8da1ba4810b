import { z } from 'zod';
import { NodeTypeId, PipelineDocument } from '../document.ts';
import { ImageRef, ParameterDef, ParameterName } from './params.ts';

/** The version this build writes; older files are migrated on read (see migrate.ts). */
export const CURRENT_TEMPLATE_VERSION = 2;

/** Suggested file name suffix, so galleries and file pickers can find templates. */
export const TEMPLATE_FILE_SUFFIX = '.showflow.json';

export const TemplateMeta = z
  .object({
    name: z.string().min(1).max(200),
    author: z.string().min(1).max(200),
    description: z.string().max(4000).default(''),
    /** Path next to the template file (e.g. `beauty-live.preview.jpg`) or a data:image URL. */
    preview: ImageRef.optional(),
    tags: z.array(z.string().min(1).max(40)).max(20).optional(),
  })
  .strict();
export type TemplateMeta = z.infer<typeof TemplateMeta>;

/** `builtin` or an npm package name such as `@studio/lower-third`. */
export const PackageName = z.string().regex(/^(builtin|(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*)$/, 'a package is "builtin" or an npm package name');
export const SemVer = z.string().regex(/^\d+\.\d+\.\d+([-+][0-9A-Za-z.-]+)?$/, 'a version is major.minor.patch');

/** One node package the template needs, with the type versions its pipeline was written for. */
export const Requirement = z
  .object({
    package: PackageName,
    /** The package version the template was exported with; installed versions of the same major satisfy it. */
    version: SemVer.optional(),
    types: z.record(NodeTypeId, z.number().int().min(1)),
  })
  .strict();
export type Requirement = z.infer<typeof Requirement>;

export const ShowflowTemplate = z
  .object({
    showflowTemplate: z.literal(CURRENT_TEMPLATE_VERSION),
    meta: TemplateMeta,
    parameters: z.record(ParameterName, ParameterDef).default({}),
    requires: z.array(Requirement).max(100),
    /** `sha256:<hex>` of the canonical JSON of everything else (see templateHash). */
    hash: z.string().regex(/^sha256:[0-9a-f]{64}$/).optional(),
    pipeline: z.unknown(),
  })
  .strict();
export type ShowflowTemplate = Omit<z.infer<typeof ShowflowTemplate>, 'pipeline'> & { pipeline: TemplatePipeline };
export type ShowflowTemplateInput = z.input<typeof ShowflowTemplate>;

/**
 * The pipeline inside a template: a pipeline document whose node configs may hold
 * `{"$param": name}` bindings. Its shape is checked after substituting the defaults.
 */
export type TemplatePipeline = Omit<PipelineDocument, 'nodes'> & {
  nodes: (Omit<PipelineDocument['nodes'][number], 'config'> & { config: Record<string, unknown> })[];
};
