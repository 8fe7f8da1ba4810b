import type { DocumentChange } from '../../state/document-diff.ts';

/** Field-level changes between two documents, one line each. */
export function ChangeList({ changes, testId = 'change-list' }: { changes: readonly DocumentChange[]; testId?: string }) {
  if (!changes.length) {
    return (
      <p className="sf-muted" data-testid={testId}>
        No changes to what runs.
      </p>
    );
  }
  return (
    <ul className="sf-changes" data-testid={testId}>
      {changes.map((c, i) => (
        <li key={i} className={`sf-change sf-change-${c.kind}`} data-testid="change">
          <span className="sf-change-mark">{c.kind === 'added' ? '+' : c.kind === 'removed' ? '−' : '~'}</span>
          <span>
            {c.subject === 'wire' ? 'Wire ' : ''}
            {c.what}
            {c.field !== undefined && c.subject !== 'pipeline' && <> · {c.field}</>}
            {c.before !== undefined && c.kind === 'changed' && (
              <>
                : <del>{c.before}</del> → <ins>{c.after}</ins>
              </>
            )}
          </span>
        </li>
      ))}
    </ul>
  );
}
