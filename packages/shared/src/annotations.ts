import type { PipelineDocument } from './document.ts';
import { problem, type Problem } from './errors.ts';

/**
 * Groups and comments reference nodes and each other only by id: every member must be a
 * node of this document (SF113), a node sits in one group at most (SF114), and group and
 * comment ids are unique among themselves (SF108). Linear in members; paths only for problems.
 */
export function checkAnnotations(doc: Pick<PipelineDocument, 'groups' | 'comments'>, nodeIds: ReadonlyMap<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const groupOf = new Map<string, string>();
  const groupIds = new Set<string>();
  const groups = doc.groups ?? [];
  for (let g = 0; g < groups.length; g++) {
    const group = groups[g];
    if (groupIds.has(group.id)) problems.push(problem('SF108', `group id "${group.id}" is used more than once`, ['groups', g, 'id']));
    groupIds.add(group.id);
    for (let m = 0; m < group.nodes.length; m++) {
      const id = group.nodes[m];
      if (!nodeIds.has(id)) {
        problems.push(problem('SF113', `group "${group.label || group.id}" names node "${id}", which is not in the pipeline`, ['groups', g, 'nodes', m]));
        continue;
      }
      const already = groupOf.get(id);
      if (already !== undefined) {
        const where = already === group.id ? 'twice in this group' : `already in group "${already}"`;
        problems.push(problem('SF114', `node "${id}" is ${where}`, ['groups', g, 'nodes', m], id));
        continue;
      }
      groupOf.set(id, group.id);
    }
  }
  const commentIds = new Set<string>();
  const comments = doc.comments ?? [];
  for (let c = 0; c < comments.length; c++) {
    if (commentIds.has(comments[c].id)) problems.push(problem('SF108', `comment id "${comments[c].id}" is used more than once`, ['comments', c, 'id']));
    commentIds.add(comments[c].id);
  }
  return problems;
}
