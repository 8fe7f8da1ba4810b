export interface DiffSummaryData {
  added: readonly string[];
  removed: readonly string[];
  changed: readonly string[];
}

/** "+2 −1 ~3": nodes added, removed and changed against the previous version; ids on hover. */
export function DiffSummary({ summary }: { summary: DiffSummaryData }) {
  const { added, removed, changed } = summary;
  if (!added.length && !removed.length && !changed.length) {
    return (
      <span className="sf-diff sf-muted" data-testid="diff-summary">
        no node changes
      </span>
    );
  }
  const detail = [
    added.length && `added: ${added.join(', ')}`,
    removed.length && `removed: ${removed.join(', ')}`,
    changed.length && `changed: ${changed.join(', ')}`,
  ]
    .filter(Boolean)
    .join('\n');
  return (
    <span className="sf-diff" data-testid="diff-summary" title={detail}>
      {added.length > 0 && <span className="sf-diff-add">+{added.length}</span>}
      {removed.length > 0 && <span className="sf-diff-del">−{removed.length}</span>}
      {changed.length > 0 && <span className="sf-diff-chg">~{changed.length}</span>}
    </span>
  );
}
