export { addNode, addNodeConnected, duplicateNodes, moveNodes, updateConfig, renameNode } from './nodes.ts';
export { connect, canConnect } from './edges.ts';
export { select, selectAll, deleteSelection } from './selection.ts';
export { copySelection, paste, isClipboardContent, type ClipboardContent } from './clipboard.ts';
export { autoLayout } from './layout.ts';
export { replaceDocument } from './document.ts';
export {
  addComment,
  addToGroup,
  deleteComment,
  groupNodes,
  groupOf,
  moveGroup,
  removeFromGroup,
  ungroup,
  updateComment,
  updateGroup,
  COMMENT_SIZE,
} from './annotations.ts';
