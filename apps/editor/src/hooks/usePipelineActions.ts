'use client';

import { useCallback, useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { Problem } from '@showflow/shared';
import { problemsOf } from '../api/errors.ts';
import { useTRPC, useTRPCClient } from '../api/trpc.ts';
import { replaceDocument } from '../state/commands/index.ts';
import { parseDocumentFile } from '../state/document-file.ts';
import type { EditorStore } from '../state/editor-store.ts';
import type { NoticeTone } from '../components/editor/EditorContext.tsx';

interface Options {
  pipelineId: string;
  store: EditorStore;
  setProblems(problems: Problem[]): void;
  setActiveVersion(version: number | null): void;
  notify(message: string, tone?: NoticeTone): void;
}

/** Save, validate, deploy, roll back and import: the calls that talk to the runtime. */
export function usePipelineActions({ pipelineId, store, setProblems, setActiveVersion, notify }: Options) {
  const client = useTRPCClient();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState<string | null>(null);

  const attempt = useCallback(
    async (label: string, work: () => Promise<void>): Promise<boolean> => {
      setBusy(label);
      try {
        await work();
        return true;
      } catch (err) {
        const { problems, message, code } = problemsOf(err);
        setProblems(problems);
        notify(`${label} failed${code ? ` (${code})` : ''}: ${problems.length ? `${problems.length} problem(s)` : message}`, 'error');
        return false;
      } finally {
        setBusy(null);
      }
    },
    [notify, setProblems],
  );

  const refreshVersions = () => queryClient.invalidateQueries({ queryKey: trpc.versions.list.queryKey({ pipelineId }) });

  const save = () =>
    attempt('Save', async () => {
      const doc = store.getSnapshot().state.doc;
      const result = await client.pipelines.save.mutate({ document: doc });
      store.markSaved(doc);
      setProblems(result.problems);
      notify(result.problems.length ? `Draft saved with ${result.problems.length} problem(s)` : 'Draft saved', result.problems.length ? 'info' : 'success');
    });

  const validate = () =>
    attempt('Validate', async () => {
      const result = await client.pipelines.validate.mutate({ document: store.getSnapshot().state.doc });
      setProblems(result.problems);
      notify(result.ok ? 'No problems found' : `${result.problems.length} problem(s)`, result.ok ? 'success' : 'error');
    });

  const deploy = (note?: string) =>
    attempt('Deploy', async () => {
      const doc = store.getSnapshot().state.doc;
      const result = await client.pipelines.deploy.mutate({ id: pipelineId, document: doc, ...(note ? { note } : {}) });
      store.markSaved(doc);
      setProblems([]);
      setActiveVersion(result.version);
      notify(`Deployed v${result.version}`, 'success');
      await refreshVersions();
    });

  const rollback = (version: number) =>
    attempt('Roll back', async () => {
      const result = await client.versions.rollback.mutate({ pipelineId, version });
      setActiveVersion(result.activeVersion);
      // Show what is now running; the swap is one undo step away from the previous canvas.
      const running = await client.versions.get.query({ pipelineId, version });
      store.run(replaceDocument, { doc: running.document });
      notify(`Rolled back: v${result.activeVersion} is live`, 'success');
      await refreshVersions();
    });

  const importFile = (text: string) =>
    attempt('Import', async () => {
      const parsed = parseDocumentFile(text);
      if (!parsed.ok) {
        setProblems(parsed.problems);
        notify(`Import refused: ${parsed.problems.length} problem(s)`, 'error');
        return;
      }
      store.run(replaceDocument, { doc: parsed.doc });
      const result = await client.pipelines.validate.mutate({ document: store.getSnapshot().state.doc });
      setProblems(result.problems);
      notify(result.ok ? 'Imported' : `Imported with ${result.problems.length} problem(s)`, result.ok ? 'success' : 'error');
    });

  return { busy, save, validate, deploy, rollback, importFile };
}
