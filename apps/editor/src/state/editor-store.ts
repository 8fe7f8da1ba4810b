import type { PipelineDocument } from '@showflow/shared';
import { type Command, type CommandContext, type EditorState, initialState } from './editor-state.ts';
import { type History, commit, createHistory, redo, undo } from './history.ts';

export interface EditorSnapshot {
  readonly state: EditorState;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
  /** The document differs from the last one saved or deployed. */
  readonly dirty: boolean;
}

/**
 * Holds the editor state and its history and runs commands against them. No React here:
 * the canvas binds to it with `useSyncExternalStore`, tests drive it directly.
 */
export class EditorStore {
  private history: History;
  private saved: PipelineDocument;
  private snapshot: EditorSnapshot;
  private readonly listeners = new Set<() => void>();

  constructor(doc: PipelineDocument, private ctx: CommandContext) {
    this.history = createHistory(doc);
    this.saved = doc;
    this.snapshot = this.makeSnapshot(initialState(doc));
  }

  getSnapshot = (): EditorSnapshot => this.snapshot;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  setContext(ctx: CommandContext): void {
    this.ctx = ctx;
  }

  /** Runs a command; returns its notice (why a change was refused), if any. */
  run<A>(command: Command<A>, args: A): string | undefined {
    const result = command(this.snapshot.state, args, this.ctx);
    if (result.undoable) this.history = commit(this.history, result.state.doc);
    if (result.state !== this.snapshot.state || result.undoable) this.publish(result.state);
    return result.notice;
  }

  undo(): void {
    const step = undo(this.history, this.snapshot.state.doc);
    if (step) this.restore(step);
  }

  redo(): void {
    const step = redo(this.history, this.snapshot.state.doc);
    if (step) this.restore(step);
  }

  /** Records that `doc` is what the runtime now holds (after save or deploy). */
  markSaved(doc: PipelineDocument): void {
    this.saved = doc;
    this.publish(this.snapshot.state);
  }

  private restore(step: { history: History; doc: PipelineDocument }): void {
    this.history = step.history;
    const ids = new Set(step.doc.nodes.map((n) => n.id));
    const edgeIds = new Set(step.doc.edges.map((e) => e.id));
    const { selection } = this.snapshot.state;
    this.publish({
      doc: step.doc,
      selection: { nodes: selection.nodes.filter((id) => ids.has(id)), edges: selection.edges.filter((id) => edgeIds.has(id)) },
    });
  }

  private makeSnapshot(state: EditorState): EditorSnapshot {
    return {
      state,
      canUndo: this.history.past.length > 0 || state.doc !== this.history.base,
      canRedo: this.history.future.length > 0,
      dirty: state.doc !== this.saved,
    };
  }

  private publish(state: EditorState): void {
    this.snapshot = this.makeSnapshot(state);
    for (const l of this.listeners) l();
  }
}
