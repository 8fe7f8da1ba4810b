import { CURRENT_SCHEMA_VERSION } from './document.ts';
import { problem, type Problem } from './errors.ts';
import { checkDocumentLimits } from './document-limits.ts';

type Migration = (doc: Record<string, unknown>) => Record<string, unknown>;

/**
 * One function per schema step, keyed by the version it upgrades from. Documents are
 * migrated on read, so stored files and templates of any released version keep loading.
 */
const migrations: Record<number, Migration> = {
  // v0 (preview releases) stored edges as `wires: [[fromNode, fromPort, toNode, toPort]]`.
  0: (doc) => {
    const { wires, ...rest } = doc;
    const list = Array.isArray(wires) ? wires : [];
    const edges = list.map((w, i) => {
      const [fromNode, fromPort, toNode, toPort] = Array.isArray(w) ? w : [];
      return { id: `e${i + 1}`, from: { node: fromNode, port: fromPort }, to: { node: toNode, port: toPort } };
    });
    return { ...rest, edges, schemaVersion: 1 };
  },
};

export type MigrationResult = { ok: true; document: unknown; from: number } | { ok: false; problems: Problem[] };

export function migrateDocument(input: unknown): MigrationResult {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, problems: [problem('SF101', 'a pipeline document must be a JSON object', [])] };
  }
  // Before anything walks it: every reader of a document comes through here.
  const tooBig = checkDocumentLimits(input);
  if (tooBig.length) return { ok: false, problems: tooBig };
  let doc = input as Record<string, unknown>;
  const from = doc.schemaVersion;
  if (typeof from !== 'number' || !Number.isInteger(from)) {
    return { ok: false, problems: [problem('SF110', 'schemaVersion is missing or not an integer', ['schemaVersion'])] };
  }
  if (from > CURRENT_SCHEMA_VERSION || from < 0) {
    return {
      ok: false,
      problems: [problem('SF110', `schemaVersion ${from} is not supported (this build reads 0–${CURRENT_SCHEMA_VERSION})`, ['schemaVersion'])],
    };
  }
  for (let v = from; v < CURRENT_SCHEMA_VERSION; v++) doc = migrations[v](doc);
  return { ok: true, document: doc, from };
}
