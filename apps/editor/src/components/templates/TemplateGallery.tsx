'use client';
import './templates.css';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { formatProblem, type ParameterDef } from '@showflow/shared';
import { useTRPC } from '../../api/trpc.ts';
import { ExportTemplate } from './ExportTemplate.tsx';
import { ParameterForm } from './ParameterForm.tsx';

/** The runtime's template gallery: a card per template with its rendered preview; choosing one opens its parameter form. */
export function TemplateGallery() {
  const trpc = useTRPC();
  const gallery = useQuery(trpc.templates.gallery.queryOptions());
  const [chosen, setChosen] = useState<string | null>(null);
  const exportId = useSearchParams().get('export') ?? undefined;
  const entry = gallery.data?.find((e) => e.id === chosen);

  return (
    <div className="sf-page">
      <header className="sf-page-head">
        <Link href="/" className="sf-brand">
          Showflow
        </Link>
        <h1>Templates</h1>
      </header>
      {gallery.isPending && <p className="sf-muted">Loading…</p>}
      {gallery.error && <p className="sf-field-error">Cannot load the gallery: {gallery.error.message}</p>}
      {entry?.meta && <ParameterForm galleryId={entry.id} templateName={entry.meta.name} parameters={entry.parameters as Record<string, ParameterDef>} onCancel={() => setChosen(null)} />}
      <div className="sf-template-grid" data-testid="template-gallery">
        {gallery.data?.map((t) => (
          <article key={t.id} className="sf-template-card" data-testid={`template-${t.id}`}>
            {t.preview ? <img src={t.preview} alt={`${t.meta?.name ?? t.id} preview`} width={480} height={270} /> : <div className="sf-template-nopreview">no preview</div>}
            <h3>{t.meta?.name ?? t.id}</h3>
            <p className="sf-muted">{t.meta?.description}</p>
            <p className="sf-muted">by {t.meta?.author ?? 'unknown'}</p>
            {t.problems.length > 0 && (
              <ul className="sf-field-error" data-testid={`template-problems-${t.id}`}>
                {t.problems.slice(0, 4).map((p) => (
                  <li key={formatProblem(p)}>
                    {formatProblem(p)}
                    {p.hint ? ` — ${p.hint}` : ''}
                  </li>
                ))}
              </ul>
            )}
            <button className="sf-btn sf-btn-primary" data-testid={`use-template-${t.id}`} disabled={t.problems.length > 0 || !t.meta} onClick={() => setChosen(t.id)}>
              Use template
            </button>
          </article>
        ))}
      </div>
      <h2>Export a pipeline as a template</h2>
      <ExportTemplate initialPipelineId={exportId} />
    </div>
  );
}
