'use client';

import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '../../api/trpc.ts';
import { codedMessage } from '../control/AirControls.tsx';

/**
 * Deleting takes every version with it, so it asks for the pipeline's name first. The
 * runtime refuses while the show is on air (SF655); that refusal is shown as it comes.
 */
export function DeletePipeline({ id, name }: { id: string; name: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [asking, setAsking] = useState(false);
  const [typed, setTyped] = useState('');
  const remove = useMutation(
    trpc.pipelines.delete.mutationOptions({
      onSuccess: () => {
        setAsking(false);
        void queryClient.invalidateQueries({ queryKey: trpc.pipelines.list.queryKey() });
      },
    }),
  );
  if (!asking) {
    return (
      <button type="button" className="sf-btn sf-btn-small" onClick={() => setAsking(true)} data-testid={`delete-${id}`}>
        Delete
      </button>
    );
  }
  return (
    <form
      className="sf-delete-confirm"
      onSubmit={(e) => {
        e.preventDefault();
        if (typed === name) remove.mutate({ id });
      }}
      data-testid={`delete-confirm-${id}`}
    >
      <label>
        Type <strong>{name}</strong> to delete it and all its versions
        <input className="sf-input" value={typed} onChange={(e) => setTyped(e.target.value)} autoFocus data-testid={`delete-name-${id}`} />
      </label>
      <button type="submit" className="sf-btn sf-btn-small" disabled={typed !== name || remove.isPending} data-testid={`delete-yes-${id}`}>
        Delete for good
      </button>
      <button type="button" className="sf-btn sf-btn-small" onClick={() => (setAsking(false), setTyped(''), remove.reset())}>
        Cancel
      </button>
      {remove.error ? (
        <span className="sf-field-error" data-testid={`delete-error-${id}`}>
          {codedMessage(remove.error)}
        </span>
      ) : null}
    </form>
  );
}
