import { promises as fs } from 'node:fs';
import { problem, type Problem } from '@showflow/shared';

/** Reads a document file; unreadable or non-JSON files become SF100 problems. */
export async function readDocumentFile(file: string): Promise<{ ok: true; value: unknown } | { ok: false; problems: Problem[] }> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    return { ok: false, problems: [problem('SF100', `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`)] };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, problems: [problem('SF100', `${file} is not valid JSON: ${(err as Error).message}`)] };
  }
}
