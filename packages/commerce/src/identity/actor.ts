/**
 * Who is asking. A viewer acts through a signed session and sees only their own
 * reservations, orders and tips; the producer (decided by the host, e.g. a sign-in) sees
 * and may change everything. In-process callers that act for the show pass `producer`.
 */
export type Actor = { kind: 'viewer'; viewerId: string } | { kind: 'producer' };

export const producer: Actor = { kind: 'producer' };
export const viewer = (viewerId: string): Actor => ({ kind: 'viewer', viewerId });

/** The idempotency namespace of an actor: keys of different viewers never meet (Stripe scopes keys per account). */
export function actorScope(actor: Actor): string {
  return actor.kind === 'producer' ? 'producer' : `viewer:${actor.viewerId}`;
}

/** The viewer a row must belong to, or null when the actor may act on anyone's. */
export function ownerFilter(actor: Actor): string | null {
  return actor.kind === 'producer' ? null : actor.viewerId;
}
