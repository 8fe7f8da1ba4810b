import type { PipelineDocument } from '@showflow/shared';
import { type Command, emptySelection } from '../editor-state.ts';

/** Replaces the whole graph (an imported file), keeping this pipeline's id; undoable. */
export const replaceDocument: Command<{ doc: PipelineDocument }> = (state, { doc }) => ({
  state: { doc: { ...doc, id: state.doc.id }, selection: emptySelection },
  undoable: true,
});
