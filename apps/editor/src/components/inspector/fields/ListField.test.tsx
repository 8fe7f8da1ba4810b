import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { NodeSpec } from '@showflow/shared';
import { SchemaFormHarness, shownConfig } from '../../../test/schema-form-harness.tsx';

// A discount's tiers and a bundle's items as zod publishes them, plus a list of every widget kind.
const spec = {
  type: 'test.lists',
  typeVersion: 1,
  configSchema: {
    type: 'object',
    properties: {
      currency: { default: 'EUR', type: 'string', pattern: '^[A-Z]{3}$' },
      tiers: {
        default: [],
        maxItems: 3,
        type: 'array',
        items: { type: 'object', properties: { afterUnits: { type: 'integer', minimum: 1 }, priceCents: { type: 'integer', minimum: 50, maximum: 10_000_000 } }, required: ['afterUnits', 'priceCents'] },
      },
      bundle: {
        minItems: 2,
        type: 'array',
        items: { type: 'object', properties: { sku: { type: 'string', minLength: 1 }, quantity: { default: 1, type: 'integer', minimum: 1 }, listPriceCents: { type: 'integer', minimum: 0 } }, required: ['sku', 'listPriceCents'] },
      },
      scenes: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            tint: { type: 'string', pattern: '^#[0-9a-fA-F]{6}$' },
            at: { type: 'string', format: 'date-time' },
            mode: { type: 'string', enum: ['cut', 'fade'] },
            live: { type: 'boolean' },
          },
        },
      },
      names: { type: 'array', items: { type: 'string', minLength: 1 } },
    },
  },
} satisfies Pick<NodeSpec, 'type' | 'typeVersion' | 'configSchema'>;

const Harness = ({ initial }: { initial: Record<string, unknown> }) => <SchemaFormHarness spec={spec} initial={initial} />;

const config = shownConfig;
const tiers = [
  { afterUnits: 1, priceCents: 2900 },
  { afterUnits: 10, priceCents: 3400 },
];
const initial = { currency: 'EUR', tiers, bundle: [{ sku: 'CAP', listPriceCents: 2500 }, { sku: 'TEE', quantity: 2, listPriceCents: 1900 }], scenes: [], names: ['Wide'] };
const input = (label: RegExp) => screen.getByLabelText(label) as HTMLInputElement;

afterEach(cleanup);

describe('list settings', { timeout: 30_000 }, () => {
  it('shows an amount inside an item in the currency and stores cents', () => {
    render(<Harness initial={initial} />);
    const price = input(/^Tier 2 · Price/);
    expect(price.value).toBe('34.00');
    expect(within(screen.getByTestId('field-tiers-2-priceCents')).getByText('EUR')).toBeTruthy();
    fireEvent.change(price, { target: { value: '12.50' } });
    expect(price.value).toBe('12.50');
    expect(config().tiers).toEqual([tiers[0], { afterUnits: 10, priceCents: 1250 }]);
    expect(input(/^Bundle item 2 · List price/).value).toBe('19.00');
    expect(input(/^Bundle item 1 · Quantity/).value).toBe('1'); // the item's default
  });

  it('names the item in its messages and keeps the code and path for support', () => {
    render(<Harness initial={{ ...initial, tiers: [tiers[0], { afterUnits: 10, priceCents: 20 }] }} />);
    const error = screen.getByTestId('field-error-tiers-2-priceCents');
    expect(error.textContent).toBe('Tier 2 · Price must be at least €0.50 SF103');
    expect(error.getAttribute('title')).toBe('SF103 at tiers[1].priceCents');
    fireEvent.change(input(/^Tier 2 · Price/), { target: { value: '12.345' } });
    expect(screen.getByTestId('cfg-tiers-2-priceCents-money-error').textContent).toBe('Tier 2 · Price must be an amount like 29.50; not applied yet. SF151');
  });

  it('says what the whole list needs under the list', () => {
    render(<Harness initial={{ ...initial, bundle: [{ sku: 'CAP', listPriceCents: 2500 }] }} />);
    expect(screen.getByTestId('field-error-bundle').textContent).toBe('Bundle needs at least 2 items SF103');
    expect((screen.getByRole('button', { name: 'Remove Bundle item 1' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('adds, reorders and removes items, and focus follows the item', () => {
    render(<Harness initial={initial} />);
    fireEvent.click(screen.getByRole('button', { name: 'Add tier' }));
    expect(config().tiers).toHaveLength(3);
    expect(document.activeElement).toBe(input(/^Tier 3 · After units/)); // the new item's first setting
    expect(screen.getByTestId('field-error-tiers-3-afterUnits').textContent).toBe('Tier 3 · After units is required SF103');
    expect((screen.getByRole('button', { name: 'Add tier' }) as HTMLButtonElement).disabled).toBe(true); // at most 3

    fireEvent.click(screen.getByRole('button', { name: 'Move Tier 2 up' }));
    expect(config().tiers.slice(0, 2)).toEqual([tiers[1], tiers[0]]);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move Tier 1 down' })); // at the top: the other arrow
    fireEvent.click(screen.getByRole('button', { name: 'Move Tier 1 down' }));
    expect(config().tiers.slice(0, 2)).toEqual(tiers);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Move Tier 2 down' }));

    fireEvent.click(screen.getByRole('button', { name: 'Remove Tier 1' }));
    expect(config().tiers).toEqual([tiers[1], {}]);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Remove Tier 1' }));
    expect(input(/^Tier 1 · Price/).value).toBe('34.00');
  });

  it('keeps an amount being typed with its item when another item moves', () => {
    render(<Harness initial={initial} />);
    fireEvent.change(input(/^Tier 1 · Price/), { target: { value: '29' } });
    fireEvent.click(screen.getByRole('button', { name: 'Move Tier 2 up' }));
    expect(input(/^Tier 2 · Price/).value).toBe('29'); // as typed, not reformatted to 29.00
    expect(config().tiers[1]).toEqual(tiers[0]);
  });

  it('draws colours, dates, choices and switches inside items as at top level', () => {
    render(<Harness initial={initial} />);
    fireEvent.click(screen.getByRole('button', { name: 'Add scene' }));
    const item = screen.getByTestId('scenes-item-1');
    fireEvent.change(within(item).getByTestId('cfg-scenes-1-tint-picker'), { target: { value: '#00aaff' } });
    const at = input(/^Scene 1 · At/);
    expect(at.type).toBe('datetime-local');
    fireEvent.change(at, { target: { value: '2026-12-24T18:30' } });
    const mode = screen.getByLabelText(/^Scene 1 · Mode/) as HTMLSelectElement;
    expect([...mode.options].map((o) => o.value)).toEqual(['', 'cut', 'fade']);
    fireEvent.change(mode, { target: { value: 'fade' } });
    fireEvent.click(input(/^Scene 1 · Live/));
    const [scene] = config().scenes;
    expect(scene).toMatchObject({ tint: '#00aaff', mode: 'fade', live: true });
    expect(new Date(scene.at).getHours()).toBe(18);
  });

  it('edits a list of single values one input per item', () => {
    render(<Harness initial={initial} />);
    fireEvent.click(screen.getByRole('button', { name: 'Add name' }));
    fireEvent.change(input(/^Name 2/), { target: { value: 'Close-up' } });
    expect(config().names).toEqual(['Wide', 'Close-up']);
    fireEvent.change(input(/^Name 1/), { target: { value: '' } });
    expect(screen.getByTestId('field-error-names-1').textContent).toBe('Name 1 cannot be empty SF103');
  });
});
