const storageKey = 'showflow.viewerId';

/** The viewer's anonymous id, kept in localStorage so a reload keeps their holds and limits. */
export function viewerId(storage: Storage = window.localStorage): string {
  const existing = storage.getItem(storageKey);
  if (existing) return existing;
  const id = `viewer-${crypto.randomUUID()}`;
  storage.setItem(storageKey, id);
  return id;
}
