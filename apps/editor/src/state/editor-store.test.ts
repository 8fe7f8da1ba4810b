import { describe, expect, it, vi } from 'vitest';
import { ctx, emptyDoc } from '../test/fixtures.ts';
import { addNode, moveNodes, select } from './commands/index.ts';
import { EditorStore } from './editor-store.ts';
import { HISTORY_LIMIT } from './history.ts';

const add = (store: EditorStore, i: number) => store.run(addNode, { type: 'showflow.camera', position: { x: i, y: 0 } });

describe('EditorStore undo/redo', () => {
  it('undoes and redoes at least 50 steps in order', () => {
    const store = new EditorStore(emptyDoc(), ctx);
    for (let i = 0; i < 60; i++) add(store, i);
    expect(store.getSnapshot().state.doc.nodes).toHaveLength(60);
    for (let i = 59; i >= 0; i--) {
      store.undo();
      expect(store.getSnapshot().state.doc.nodes).toHaveLength(i);
    }
    expect(store.getSnapshot().canUndo).toBe(false);
    for (let i = 1; i <= 60; i++) {
      store.redo();
      expect(store.getSnapshot().state.doc.nodes).toHaveLength(i);
    }
    expect(store.getSnapshot().canRedo).toBe(false);
  });

  it(`keeps the newest ${HISTORY_LIMIT} steps`, () => {
    const store = new EditorStore(emptyDoc(), ctx);
    for (let i = 0; i < HISTORY_LIMIT + 20; i++) add(store, i);
    let undone = 0;
    while (store.getSnapshot().canUndo) {
      store.undo();
      undone++;
    }
    expect(undone).toBe(HISTORY_LIMIT);
    expect(store.getSnapshot().state.doc.nodes).toHaveLength(20);
  });

  it('undoes a whole drag in one step', () => {
    const store = new EditorStore(emptyDoc(), ctx);
    add(store, 0);
    for (let x = 1; x <= 10; x++) store.run(moveNodes, { positions: { 'camera-1': { x, y: x } }, final: false });
    store.run(moveNodes, { positions: { 'camera-1': { x: 10, y: 10 } }, final: true });
    store.undo();
    expect(store.getSnapshot().state.doc.nodes[0].position).toEqual({ x: 0, y: 0 });
    store.redo();
    expect(store.getSnapshot().state.doc.nodes[0].position).toEqual({ x: 10, y: 10 });
  });

  it('a new step clears redo; selection changes are not steps', () => {
    const store = new EditorStore(emptyDoc(), ctx);
    add(store, 0);
    add(store, 1);
    store.undo();
    expect(store.getSnapshot().canRedo).toBe(true);
    store.run(select, { nodes: [] });
    expect(store.getSnapshot().canRedo).toBe(true);
    add(store, 2);
    expect(store.getSnapshot().canRedo).toBe(false);
  });

  it('tracks unsaved changes against the saved document, undo back to it is clean', () => {
    const store = new EditorStore(emptyDoc(), ctx);
    expect(store.getSnapshot().dirty).toBe(false);
    add(store, 0);
    expect(store.getSnapshot().dirty).toBe(true);
    store.markSaved(store.getSnapshot().state.doc);
    expect(store.getSnapshot().dirty).toBe(false);
    add(store, 1);
    store.undo();
    expect(store.getSnapshot().dirty).toBe(false);
  });

  it('notifies subscribers on change and reports refusals', () => {
    const store = new EditorStore(emptyDoc(), ctx);
    const listener = vi.fn();
    store.subscribe(listener);
    add(store, 0);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(store.run(addNode, { type: 'acme.none', position: { x: 0, y: 0 } })).toMatch(/acme\.none/);
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
