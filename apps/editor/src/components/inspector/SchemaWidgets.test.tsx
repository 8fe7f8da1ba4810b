import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import type { NodeSpec } from '@showflow/shared';
import { checkConfig } from '../../state/config-validator.ts';
import { SchemaForm } from './SchemaForm.tsx';

// The drop's settings as zod publishes them: money in cents, a currency, '' or a date-time, a nested group.
const drop = {
  type: 'showflow.drop',
  typeVersion: 1,
  configSchema: {
    type: 'object',
    properties: {
      priceCents: { default: 2900, type: 'integer', minimum: 0, maximum: 10_000_000 },
      currency: { default: 'EUR', type: 'string', pattern: '^[A-Z]{3}$' },
      startsAt: { default: '', anyOf: [{ type: 'string', const: '' }, { type: 'string', format: 'date-time', pattern: '^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?(Z|[+-]\\d\\d:\\d\\d)$' }] },
      brand: { default: '#ff8800', type: 'string', pattern: '^#[0-9a-fA-F]{6}$' },
      // A group holding a group is deeper than the widgets go: it is edited as JSON.
      card: {
        type: 'object',
        properties: { sku: { type: 'string' }, listPriceCents: { type: 'integer', minimum: 0 }, size: { type: 'object', properties: { width: { type: 'integer' } } } },
        required: ['sku'],
      },
    },
  },
} satisfies Pick<NodeSpec, 'type' | 'typeVersion' | 'configSchema'>;

function Harness({ initial }: { initial: Record<string, unknown> }) {
  const [config, setConfig] = useState(initial);
  const [changes, setChanges] = useState(0);
  return (
    <>
      <SchemaForm
        schema={drop.configSchema}
        value={config}
        issues={checkConfig(drop, config)}
        onChange={(next) => {
          setConfig(next);
          setChanges((n) => n + 1);
        }}
      />
      <output data-testid="config">{JSON.stringify(config)}</output>
      <output data-testid="changes">{changes}</output>
    </>
  );
}

const config = () => JSON.parse(screen.getByTestId('config').textContent!);
const initial = { priceCents: 2900, currency: 'EUR', startsAt: '', brand: '#ff8800', card: { sku: 'CAP', listPriceCents: 2500 } };

afterEach(cleanup);

// jsdom renders slowly on a loaded machine; each step waits for nothing but the render.
describe('inspector widgets', { timeout: 30_000 }, () => {
  it('keeps JSON exactly as typed until the field is left, then applies it or says where it is wrong', () => {
    render(<Harness initial={initial} />);
    const box = screen.getByLabelText('Card') as HTMLTextAreaElement;
    const typed = '{"sku":"CAP",\n  "listPriceCents": 2500';
    fireEvent.change(box, { target: { value: typed } });
    expect(box.value).toBe(typed);
    expect(screen.getByTestId('changes').textContent).toBe('0');
    fireEvent.blur(box);
    expect(box.value).toBe(typed); // never reformatted, even when wrong
    expect(screen.getByTestId('cfg-card-json-error').textContent).toMatch(/^Card is not valid JSON \(line 2, column \d+\): .+ Not applied yet\. SF100$/);
    const fixed = typed + '}';
    fireEvent.change(box, { target: { value: fixed } });
    fireEvent.blur(box);
    expect(box.value).toBe(fixed);
    expect(config().card).toEqual({ sku: 'CAP', listPriceCents: 2500 });
    expect(screen.queryByTestId('cfg-card-json-error')).toBeNull();
  });

  it('shows money in the currency, writes cents, and says limits in the currency', () => {
    render(<Harness initial={initial} />);
    const price = screen.getByLabelText(/^Price/) as HTMLInputElement;
    expect(price.value).toBe('29.00');
    expect(screen.getByTestId('field-priceCents').textContent).toContain('EUR');
    fireEvent.change(price, { target: { value: '34.5' } });
    expect(price.value).toBe('34.5');
    expect(config().priceCents).toBe(3450);
    fireEvent.change(price, { target: { value: '12.345' } });
    expect(screen.getByTestId('cfg-priceCents-money-error').textContent).toContain('SF151');
    expect(config().priceCents).toBe(3450);
    fireEvent.change(price, { target: { value: '200000' } });
    expect(config().priceCents).toBe(20_000_000);
    expect(screen.getByTestId('field-error-priceCents').textContent).toMatch(/^Price must be at most €100,000\.00 SF103$/);
  });

  it('a mistake inside a group names the setting, not a JSON path', () => {
    render(<Harness initial={{ ...initial, card: { sku: 'CAP', listPriceCents: -5 } }} />);
    const error = screen.getByTestId('field-error-card');
    expect(error.textContent).toBe('Card · List price must be at least €0.00 SF103');
    expect(error.getAttribute('title')).toBe('SF103 at card.listPriceCents');
  });

  it('picks a date and time, stores ISO 8601 with the offset, and can go back to no fixed time', () => {
    render(<Harness initial={initial} />);
    const when = screen.getByLabelText('Starts at') as HTMLInputElement;
    expect(when.type).toBe('datetime-local');
    fireEvent.change(when, { target: { value: '2026-12-24T18:30' } });
    const stored = config().startsAt as string;
    expect(stored).toMatch(/^2026-12-24T18:30:00[+-]\d\d:\d\d$/);
    expect(new Date(stored).getHours()).toBe(18);
    expect(screen.queryByTestId('field-error-startsAt')).toBeNull();
    fireEvent.click(screen.getByTestId('cfg-startsAt-clear'));
    expect(config().startsAt).toBe('');
  });

  it('flags a stored date that is not one, in words', () => {
    render(<Harness initial={{ ...initial, startsAt: 'tomorrow' }} />);
    expect(screen.getByTestId('cfg-startsAt-date-error').textContent).toContain('SF150');
    expect(screen.getByTestId('field-error-startsAt').textContent).toBe('Starts at must be a date and time, or empty SF103');
  });

  it('offers a colour picker beside the hex text', () => {
    render(<Harness initial={initial} />);
    const picker = screen.getByTestId('cfg-brand-picker') as HTMLInputElement;
    expect(picker.type).toBe('color');
    fireEvent.change(picker, { target: { value: '#00aaff' } });
    expect(config().brand).toBe('#00aaff');
    expect((screen.getByLabelText('Brand') as HTMLInputElement).value).toBe('#00aaff');
  });
});
