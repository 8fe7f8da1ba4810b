import { z } from 'zod';

/**
 * Who may do what. Roles are ordered: each one may do everything the one below it may.
 * viewer   reads pipelines, versions, metrics and previews (a floor manager, a client in the gallery)
 * producer also changes the show: save, deploy, roll back, go live, cue commerce, import templates
 * owner    also manages users and API tokens
 */
export const Role = z.enum(['viewer', 'producer', 'owner']);
export type Role = z.infer<typeof Role>;

const rank: Record<Role, number> = { viewer: 1, producer: 2, owner: 3 };

/** True when `role` is `needed` or above it. */
export function hasRole(role: Role | null | undefined, needed: Role): boolean {
  return role != null && rank[role] >= rank[needed];
}
