import { z } from 'zod';
import { DOCUMENT_LIMITS } from './document-limits.ts';

export const CURRENT_SCHEMA_VERSION = 1;

/** Namespaced, never reused: `showflow.denoise`, `acme-fx.chroma-key`. */
export const NodeTypeId = z
  .string()
  .regex(/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/, 'type must be namespaced, like showflow.denoise');

/**
 * One check, not three (min, max, pattern): a document names ids three times per edge, and
 * each check costs the validator a step per value; 10,000-node documents felt it.
 */
export const ElementId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'ids are 1 to 64 letters, digits, - and _, starting with a letter or digit');

export const Position = z.object({ x: z.number().finite(), y: z.number().finite() });

export const PipelineNode = z.object({
  id: ElementId,
  type: NodeTypeId,
  typeVersion: z.number().int().min(1),
  label: z.string().max(120).optional(),
  config: z.record(z.string(), z.unknown()).default({}),
  position: Position,
});
export type PipelineNode = z.infer<typeof PipelineNode>;

export const PortRef = z.object({ node: ElementId, port: z.string().min(1) });
export type PortRef = z.infer<typeof PortRef>;

export const PipelineEdge = z.object({ id: ElementId, from: PortRef, to: PortRef });
export type PipelineEdge = z.infer<typeof PipelineEdge>;

/**
 * Canvas annotations: a group frames some nodes, a comment is a sticky note. They explain a
 * graph to the people who read it and never change what runs: the runtime validates them and
 * otherwise ignores them (docs/decisions/0078).
 */
export const ANNOTATION_LIMITS = { groupLabel: 80, commentText: 2000, commentSide: 4000 } as const;

/** Frame colours: a fixed palette, so every group stays readable on the dark canvas. */
export const groupColours = ['grey', 'red', 'orange', 'yellow', 'green', 'teal', 'blue', 'purple'] as const;
export const GroupColour = z.enum(groupColours);
export type GroupColour = z.infer<typeof GroupColour>;

export const PipelineGroup = z.object({
  id: ElementId,
  label: z.string().max(ANNOTATION_LIMITS.groupLabel),
  colour: GroupColour,
  /** Node ids; a node belongs to one group at most (SF113/SF114 otherwise). */
  nodes: z.array(ElementId).max(DOCUMENT_LIMITS.nodes),
});
export type PipelineGroup = z.infer<typeof PipelineGroup>;

const Side = z.number().finite().min(40).max(ANNOTATION_LIMITS.commentSide);
export const PipelineComment = z.object({
  id: ElementId,
  text: z.string().max(ANNOTATION_LIMITS.commentText),
  position: Position,
  size: z.object({ width: Side, height: Side }),
});
export type PipelineComment = z.infer<typeof PipelineComment>;

/** A named value a template binds into node configs (brand colour, product list, prompt). */
export const ParameterValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.unknown()), z.record(z.string(), z.unknown())]);

export const PipelineDocument = z.object({
  schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
  id: ElementId,
  name: z.string().min(1).max(200),
  description: z.string().max(4000).optional(),
  nodes: z.array(PipelineNode),
  edges: z.array(PipelineEdge),
  parameters: z.record(z.string(), ParameterValue).optional(),
  groups: z.array(PipelineGroup).max(DOCUMENT_LIMITS.groups).optional(),
  comments: z.array(PipelineComment).max(DOCUMENT_LIMITS.comments).optional(),
});
export type PipelineDocument = z.infer<typeof PipelineDocument>;
/** Input shape (before defaults are filled in), for callers building documents by hand. */
export type PipelineDocumentInput = z.input<typeof PipelineDocument>;
