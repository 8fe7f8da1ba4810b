import { canonicalJson, sha256Hex } from '../hash.ts';

/** `sha256:<hex>` over the canonical JSON of the template without its `hash` field. */
export function templateHash(template: Record<string, unknown>): string {
  const { hash: _ignored, ...content } = template;
  return `sha256:${sha256Hex(canonicalJson(content))}`;
}
