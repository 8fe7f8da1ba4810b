import { groupColours, type PipelineDocument } from '@showflow/shared';
import { groupOf } from '../../state/commands/index.ts';
import type { MenuItem } from './CanvasMenu.tsx';

/** What was right-clicked (or had focus when the menu key was pressed). */
export type MenuTarget =
  | { kind: 'node'; id: string }
  | { kind: 'selection'; nodes: readonly string[] }
  | { kind: 'pane'; flow: { x: number; y: number } }
  | { kind: 'group'; id: string }
  | { kind: 'comment'; id: string };

/** What the menu's items do; the canvas binds these to commands and its popups. */
export interface MenuActions {
  duplicate(nodes: readonly string[]): void;
  remove(nodes: readonly string[]): void;
  group(nodes: readonly string[]): void;
  addToGroup(group: string, nodes: readonly string[]): void;
  removeFromGroup(nodes: readonly string[]): void;
  help(node: string): void;
  quickAdd(flow: { x: number; y: number }): void;
  addComment(flow: { x: number; y: number }): void;
  paste(flow: { x: number; y: number }): void;
  renameGroup(group: string): void;
  recolourGroup(group: string, colour: (typeof groupColours)[number]): void;
  ungroup(group: string): void;
  editComment(comment: string): void;
  deleteComment(comment: string): void;
}

const MAX_GROUP_CHOICES = 6;
const named = (label: string, id: string) => `“${label || id}”`;

export function menuLabel(target: MenuTarget): string {
  return { node: 'Node', selection: 'Selection', pane: 'Canvas', group: 'Group', comment: 'Comment' }[target.kind];
}

/** The items for a target, in the order they are listed. */
export function menuItems(target: MenuTarget, doc: PipelineDocument, canPaste: boolean, a: MenuActions): MenuItem[] {
  switch (target.kind) {
    case 'node': {
      const ids = [target.id];
      const inGroup = groupOf(doc, target.id);
      const groupItems: MenuItem[] = inGroup
        ? [{ id: 'remove-from-group', label: `Remove from group ${named(inGroup.label, inGroup.id)}`, onSelect: () => a.removeFromGroup(ids) }]
        : [
            { id: 'new-group', label: 'New group', onSelect: () => a.group(ids) },
            ...(doc.groups ?? []).slice(0, MAX_GROUP_CHOICES).map((g) => ({
              id: `add-to-group-${g.id}`,
              label: `Add to group ${named(g.label, g.id)}`,
              mark: `sf-colour-${g.colour}`,
              onSelect: () => a.addToGroup(g.id, ids),
            })),
          ];
      return [
        { id: 'duplicate', label: 'Duplicate', onSelect: () => a.duplicate(ids) },
        { id: 'delete', label: 'Delete', onSelect: () => a.remove(ids) },
        ...groupItems.map((item, i) => (i === 0 ? { ...item, separatorBefore: true } : item)),
        { id: 'help', label: 'Help', onSelect: () => a.help(target.id), separatorBefore: true },
      ];
    }
    case 'selection':
      return [
        { id: 'group-selection', label: `Group ${target.nodes.length} nodes`, onSelect: () => a.group(target.nodes) },
        { id: 'duplicate', label: 'Duplicate', onSelect: () => a.duplicate(target.nodes) },
        { id: 'delete', label: `Delete ${target.nodes.length} nodes`, onSelect: () => a.remove(target.nodes) },
      ];
    case 'pane':
      return [
        { id: 'add-node', label: 'Add node here…', onSelect: () => a.quickAdd(target.flow) },
        { id: 'add-comment', label: 'Add comment here', onSelect: () => a.addComment(target.flow) },
        ...(canPaste ? [{ id: 'paste', label: 'Paste here', onSelect: () => a.paste(target.flow) }] : []),
      ];
    case 'group':
      return [
        { id: 'rename-group', label: 'Rename group', onSelect: () => a.renameGroup(target.id) },
        ...groupColours.map((colour, i) => ({
          id: `colour-${colour}`,
          label: colour[0].toUpperCase() + colour.slice(1),
          mark: `sf-colour-${colour}`,
          checked: doc.groups?.find((g) => g.id === target.id)?.colour === colour,
          separatorBefore: i === 0,
          onSelect: () => a.recolourGroup(target.id, colour),
        })),
        { id: 'ungroup', label: 'Ungroup', onSelect: () => a.ungroup(target.id), separatorBefore: true },
      ];
    case 'comment':
      return [
        { id: 'edit-comment', label: 'Edit text', onSelect: () => a.editComment(target.id) },
        { id: 'delete-comment', label: 'Delete comment', onSelect: () => a.deleteComment(target.id) },
      ];
  }
}
