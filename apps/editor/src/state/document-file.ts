import { PipelineDocument, migrateDocument, problem, type Problem } from '@showflow/shared';

export type ParsedFile = { ok: true; doc: PipelineDocument } | { ok: false; problems: Problem[] };

/**
 * Reads an imported pipeline file: JSON, migrated to the current schema, shaped like a
 * document. Graph-level checks (types, ports, config) are the runtime's, after import.
 */
export function parseDocumentFile(text: string): ParsedFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [problem('SF100', (err as Error).message)] };
  }
  const migrated = migrateDocument(json);
  if (!migrated.ok) return migrated;
  const parsed = PipelineDocument.safeParse(migrated.document);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => problem('SF101', i.message, i.path as (string | number)[])) };
  }
  return { ok: true, doc: parsed.data };
}

export function documentFileName(doc: PipelineDocument): string {
  return `${doc.id}.showflow.json`;
}

export function serialiseDocument(doc: PipelineDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}
