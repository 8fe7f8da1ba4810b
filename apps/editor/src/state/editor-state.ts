import type { NodeSpec, PipelineDocument } from '@showflow/shared';

export interface Selection {
  readonly nodes: readonly string[];
  readonly edges: readonly string[];
}

/** Everything an editor command reads and writes. Plain data, never mutated in place. */
export interface EditorState {
  readonly doc: PipelineDocument;
  readonly selection: Selection;
}

/** What commands may ask about node types; a plain lookup so tests can pass a fixture catalog. */
export interface CommandContext {
  spec(type: string): NodeSpec | undefined;
}

/**
 * `undoable` says whether the change becomes one undo step; transient changes (a node
 * following the pointer mid-drag, selection) are applied without one. `notice` explains
 * a refused change to the person who asked for it.
 */
export interface CommandResult {
  state: EditorState;
  undoable: boolean;
  notice?: string;
}

export type Command<A> = (state: EditorState, args: A, ctx: CommandContext) => CommandResult;

export const emptySelection: Selection = { nodes: [], edges: [] };

export function initialState(doc: PipelineDocument): EditorState {
  return { doc, selection: emptySelection };
}

export function unchanged(state: EditorState, notice?: string): CommandResult {
  return notice === undefined ? { state, undoable: false } : { state, undoable: false, notice };
}

export function contextFromSpecs(specs: readonly NodeSpec[]): CommandContext {
  const byType = new Map(specs.map((s) => [s.type, s]));
  return { spec: (type) => byType.get(type) };
}
