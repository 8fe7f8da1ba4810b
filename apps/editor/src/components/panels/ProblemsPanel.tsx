'use client';

import { formatPath, type Problem } from '@showflow/shared';

/** The runtime's validation problems; clicking one selects and shows its node. */
export function ProblemsPanel({ problems, onPick, onClose }: { problems: readonly Problem[]; onPick(p: Problem): void; onClose(): void }) {
  if (!problems.length) return null;
  return (
    <section className="sf-problems" data-testid="problems-panel">
      <header>
        <strong>
          {problems.length} problem{problems.length === 1 ? '' : 's'}
        </strong>
        <button type="button" className="sf-btn sf-btn-small" onClick={onClose}>
          Dismiss
        </button>
      </header>
      <ul>
        {problems.map((p, i) => (
          <li key={`${i}-${p.code}`} data-testid="problem-item" data-node={p.nodeId}>
            <button type="button" onClick={() => onPick(p)} disabled={!p.nodeId}>
              <code className="sf-code">{p.code}</code>
              <code className="sf-path">{formatPath(p.path)}</code>
              <span>{p.message}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
