'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../api/trpc.ts';
import { useEditor } from './EditorContext.tsx';
import './palette-packages.css';

/**
 * Under the palette's search: node packages that failed to load, each with its package name,
 * code and reason (a broken package is otherwise just missing from the list), and for
 * producers a reload that picks up new and edited packages without restarting the runtime.
 */
export function PalettePackages() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { notify } = useEditor();
  const me = useQuery(trpc.auth.me.queryOptions());
  const listed = useQuery(trpc.nodePackages.list.queryOptions());
  const reload = useMutation(
    trpc.nodePackages.reload.mutationOptions({
      onSuccess: (result) => {
        queryClient.setQueryData(trpc.nodePackages.list.queryKey(), result);
        // The palette and the inspector's forms follow the new catalog; the open pipeline keeps its edits.
        void queryClient.invalidateQueries({ queryKey: trpc.catalog.list.queryKey() });
        const failed = result.packages.filter((p) => p.status === 'failed').length;
        notify(`Node packages reloaded: ${result.packages.length - failed} loaded${failed ? `, ${failed} failed` : ''}`, failed ? 'error' : 'success');
      },
      onError: (err) => notify(`Reload failed: ${err.message}`, 'error'),
    }),
  );
  const canReload = me.data?.signedIn === true && (me.data.role === 'producer' || me.data.role === 'owner');
  const packages = listed.data?.packages ?? [];
  const failed = packages.filter((p) => p.status === 'failed');

  return (
    <section className="sf-palette-packages" data-testid="palette-packages">
      <div className="sf-palette-packages-head">
        <h3>Node packages</h3>
        <span className="sf-muted" data-testid="palette-packages-count">
          {packages.length - failed.length} loaded
        </span>
        {canReload && (
          <button type="button" className="sf-btn sf-btn-small" data-testid="reload-packages" disabled={reload.isPending} onClick={() => reload.mutate()}>
            {reload.isPending ? 'Reloading…' : 'Reload'}
          </button>
        )}
      </div>
      {failed.map((p) => (
        <div key={p.dir} className="sf-palette-package-failure" data-testid="palette-package-failure" title={p.dir}>
          <strong>{p.name}</strong>
          {p.version && <span className="sf-muted">@{p.version}</span>}
          <span className="sf-muted"> did not load</span>
          {p.errors.map((e, i) => (
            <p key={i} className="sf-field-error">
              <code>{e.code}</code> {e.message}
            </p>
          ))}
        </div>
      ))}
      {listed.error && <p className="sf-field-error">Package list unavailable: {listed.error.message}</p>}
    </section>
  );
}
