import { z } from 'zod';
import { GenerativeError } from './errors.ts';
import type { BudgetLabel, GenerateRequest } from './types.ts';

/** Bounds keep one request from costing unbounded memory or provider spend. */
export const generateRequestSchema = z.object({
  prompt: z.string().trim().min(1).max(2000),
  style: z.string().max(200).default(''),
  width: z.number().int().min(64).max(2048),
  height: z.number().int().min(64).max(2048),
  seed: z.number().int().min(0).max(2 ** 32 - 1),
  model: z.string().min(1).max(200).optional(),
});

export const budgetLabelSchema = z.object({
  creator: z.string().min(1).max(200),
  show: z.string().min(1).max(200),
  purpose: z.string().min(1).max(200),
});

function formatIssues(error: z.ZodError): string {
  // Path and message only: values are never echoed back.
  return error.issues.map((issue) => `${issue.path.join('.') || '(request)'}: ${issue.message}`).join('; ');
}

export function parseGenerateRequest(input: unknown): GenerateRequest {
  const parsed = generateRequestSchema.safeParse(input);
  if (!parsed.success) throw new GenerativeError('SF509', `invalid generation request: ${formatIssues(parsed.error)}`);
  return parsed.data;
}

export function parseBudgetLabel(input: unknown): BudgetLabel {
  const parsed = budgetLabelSchema.safeParse(input);
  if (!parsed.success) throw new GenerativeError('SF509', `invalid budget label: ${formatIssues(parsed.error)}`);
  return parsed.data;
}

export function labelKey(label: BudgetLabel): string {
  return JSON.stringify([label.creator, label.show, label.purpose]);
}
