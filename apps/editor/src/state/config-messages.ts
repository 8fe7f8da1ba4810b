import { formatPath, type ErrorCode, type JsonPath } from '@showflow/shared';
import type { ConfigIssue } from './config-validator.ts';
import { formatMoney } from './money.ts';
import { humanise, isMoneyName, itemLabelOf, type FieldDescriptor } from './schema-fields.ts';

/** A config problem said the way a producer reads it, keeping what support needs. */
export interface ProducerMessage {
  /** Catalogue code: SF103 is what the runtime reports for the same setting at deploy. */
  code: ErrorCode;
  /** "Price must be at most €100,000.00" */
  text: string;
  /** The JSON path (tiers[1].priceCents), for support. */
  path: string;
  /** The same place as a path, for the form to put the message beside its input. */
  at: JsonPath;
  /** The top-level setting it belongs to, if any. */
  field?: string;
}

/** "Tier 2 · Price" for ["tiers", 1, "priceCents"]: the item named as the producer counts it. */
export function whereOf(path: JsonPath): string {
  const parts: string[] = [];
  path.forEach((p, i) => {
    if (typeof p === 'string') return parts.push(humanise(p));
    const list = path[i - 1];
    if (typeof list === 'string') parts[parts.length - 1] = `${itemLabelOf(list)} ${p + 1}`;
    else parts.push(`Item ${p + 1}`);
  });
  return parts.join(' · ') || 'Settings';
}

/** The input a path lands on: a setting, a list item, a setting inside an item or a group. */
export function fieldAt(fields: readonly FieldDescriptor[], path: JsonPath): FieldDescriptor | undefined {
  const field = fields.find((f) => f.name === path[0]);
  if (!field || path.length === 1) return field;
  if (field.kind === 'group') return fieldAt(field.groupFields ?? [], path.slice(1));
  if (field.kind !== 'list' || typeof path[1] !== 'number') return undefined;
  if (path.length === 2) return field.itemField;
  return path.length === 3 ? field.itemFields?.find((f) => f.name === path[2]) : undefined;
}

const NUMBER = '(-?\\d+(?:\\.\\d+)?(?:e[+-]?\\d+)?)';

/**
 * Rewrites a message from the published JSON Schema (ajv) or the runtime (zod) into plain
 * words. Limits on an amount in cents are shown in the node's currency.
 */
export function producerMessage(issue: ConfigIssue, fields: readonly FieldDescriptor[], config: Record<string, unknown>): ProducerMessage {
  const field = fieldAt(fields, issue.path);
  const leaf = [...issue.path].reverse().find((p): p is string => typeof p === 'string');
  const currency = typeof config.currency === 'string' && /^[A-Z]{3}$/.test(config.currency) ? config.currency : undefined;
  const amount = (n: number) => (field?.kind === 'money' || (leaf && isMoneyName(leaf)) ? formatMoney(n, currency) : String(n));
  const said = say(issue.message, amount, field);
  const text = said.startsWith(':') ? `${whereOf(issue.path)}${said}` : `${whereOf(issue.path)} ${said}`;
  return { code: 'SF103', text, path: formatPath(issue.path), at: issue.path, ...(typeof issue.path[0] === 'string' ? { field: issue.path[0] } : {}) };
}

function say(message: string, amount: (n: number) => string, field: FieldDescriptor | undefined): string {
  const m = message.toLowerCase();
  let match: RegExpExecArray | null;
  if (field?.kind === 'datetime' && /pattern|format|constant|anyof|datetime|date-time/.test(m)) {
    return field.emptyAllowed ? 'must be a date and time, or empty' : 'must be a date and time';
  }
  if (field?.kind === 'color' && /pattern|invalid string|regex/.test(m)) return 'must be a colour like #ff8800';
  if ((match = new RegExp(`(?:items|item).*?(?:>=|fewer than)\\s*${NUMBER}|(?:>=|fewer than)\\s*${NUMBER}\\s*items`).exec(m))) {
    return `needs at least ${match[1] ?? match[2]} items`;
  }
  if ((match = new RegExp(`(?:<=|more than)\\s*${NUMBER}\\s*items`).exec(m))) return `can hold at most ${match[1]} items`;
  if ((match = new RegExp(`(?:>=|fewer than)\\s*${NUMBER}\\s*characters`).exec(m))) {
    return Number(match[1]) <= 1 ? 'cannot be empty' : `needs at least ${match[1]} characters`;
  }
  if ((match = new RegExp(`(?:<=|more than)\\s*${NUMBER}\\s*characters`).exec(m))) return `can be at most ${match[1]} characters long`;
  if ((match = new RegExp(`<=\\s*${NUMBER}`).exec(m))) return `must be at most ${amount(Number(match[1]))}`;
  if ((match = new RegExp(`>=\\s*${NUMBER}`).exec(m))) return `must be at least ${amount(Number(match[1]))}`;
  if ((match = new RegExp(`<\\s*${NUMBER}`).exec(m))) return `must be below ${amount(Number(match[1]))}`;
  if ((match = new RegExp(`>\\s*${NUMBER}`).exec(m))) return `must be above ${amount(Number(match[1]))}`;
  if (/must be integer|expected int/.test(m)) return 'must be a whole number';
  if (/must be number|expected number/.test(m)) return 'must be a number';
  if (/must be boolean|expected boolean/.test(m)) return 'must be on or off';
  if (/must be string|expected string/.test(m)) return 'must be text';
  if (/must be array|expected array/.test(m)) return 'must be a list';
  if (/must be object|expected object/.test(m)) return 'must be a group of settings';
  if (/must match pattern/.test(m)) return 'is not in the expected form';
  // Already in words: "is required", "must be one of …", zod refinements with their own text.
  return /^(is|must|can|needs)\b/.test(m) ? message : `: ${message}`;
}

/** One message per place and wording: ajv reports each branch of an anyOf separately. */
export function producerMessages(issues: readonly ConfigIssue[], fields: readonly FieldDescriptor[], config: Record<string, unknown>): ProducerMessage[] {
  const seen = new Set<string>();
  const out: ProducerMessage[] = [];
  for (const issue of issues) {
    const msg = producerMessage(issue, fields, config);
    if (/must match a schema in anyof/i.test(issue.message) && out.some((o) => o.path === msg.path)) continue;
    const key = `${msg.path}\n${msg.text}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(msg);
  }
  return out;
}
