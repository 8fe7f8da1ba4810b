import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { NodeSpec } from '@showflow/shared';
import { fieldsOf } from '../../../state/schema-fields.ts';
import { SchemaFormHarness, shownConfig } from '../../../test/schema-form-harness.tsx';

// Groups as zod publishes them: the generative overlay's label and matrix, and one of every widget.
const spec = {
  type: 'test.groups',
  typeVersion: 1,
  configSchema: {
    type: 'object',
    properties: {
      currency: { default: 'EUR', type: 'string', pattern: '^[A-Z]{3}$' },
      label: {
        default: { creator: 'studio', show: 'live-show' },
        type: 'object',
        properties: { creator: { default: 'studio', type: 'string', minLength: 1 }, show: { default: 'live-show', type: 'string', minLength: 1 } },
        required: ['creator', 'show'],
      },
      card: {
        type: 'object',
        properties: {
          listPriceCents: { type: 'integer', minimum: 0 },
          colour: { type: 'string', pattern: '^#[0-9a-fA-F]{6}$' },
          startsAt: { type: 'string', format: 'date-time' },
          size: { type: 'string', enum: ['small', 'large'] },
          featured: { type: 'boolean' },
          opacity: { type: 'number', minimum: 0, maximum: 1 },
        },
      },
      matrix: {
        default: { prompts: [], seeds: [] },
        type: 'object',
        properties: { prompts: { default: [], maxItems: 3, type: 'array', items: { type: 'string', minLength: 1 } }, seeds: { default: [], type: 'array', items: { type: 'integer', minimum: 0 } } },
      },
      // Deeper than the widgets go: a group inside a group.
      layout: { type: 'object', properties: { size: { type: 'object', properties: { width: { type: 'integer' } } } } },
    },
  },
} satisfies Pick<NodeSpec, 'type' | 'typeVersion' | 'configSchema'>;

const Harness = ({ initial }: { initial: Record<string, unknown> }) => <SchemaFormHarness spec={spec} initial={initial} />;

const config = shownConfig;
const card = { listPriceCents: 2500, colour: '#ff8800', size: 'small', featured: false, opacity: 0.5 };
const initial = { currency: 'EUR', label: { creator: 'studio', show: 'live-show' }, card, matrix: { prompts: ['Neon'], seeds: [] } };
const input = (label: RegExp | string) => screen.getByLabelText(label) as HTMLInputElement;

afterEach(cleanup);

describe('group settings', { timeout: 30_000 }, () => {
  it('draws a group of simple settings as a titled set, and a deeper one as JSON', () => {
    const kinds = Object.fromEntries(fieldsOf(spec.configSchema).map((f) => [f.name, f.kind]));
    expect(kinds).toMatchObject({ label: 'group', card: 'group', matrix: 'group', layout: 'json' });
    render(<Harness initial={initial} />);
    const label = screen.getByRole('group', { name: 'Label' });
    expect(within(label).getAllByRole('textbox').map((t) => (t as HTMLInputElement).value)).toEqual(['studio', 'live-show']);
    expect(screen.getByLabelText('Layout').tagName).toBe('TEXTAREA');
  });

  it('changes one setting of a group and keeps the others', () => {
    render(<Harness initial={initial} />);
    fireEvent.change(input('Label · Creator'), { target: { value: 'studio b' } });
    expect(config().label).toEqual({ creator: 'studio b', show: 'live-show' });
  });

  it('gives each setting of a group its top-level widget: money, colour, date, choice, switch, number', () => {
    render(<Harness initial={initial} />);
    const price = input(/^Card · List price/);
    expect(price.value).toBe('25.00');
    expect(within(screen.getByTestId('field-card-listPriceCents')).getByText('EUR')).toBeTruthy();
    fireEvent.change(price, { target: { value: '19.5' } });
    fireEvent.change(screen.getByTestId('cfg-card-colour-picker'), { target: { value: '#00aaff' } });
    const when = input(/^Card · Starts at/);
    expect(when.type).toBe('datetime-local');
    fireEvent.change(when, { target: { value: '2026-12-24T18:30' } });
    const size = screen.getByLabelText(/^Card · Size/) as HTMLSelectElement;
    expect([...size.options].map((o) => o.value)).toEqual(['small', 'large']);
    fireEvent.change(size, { target: { value: 'large' } });
    fireEvent.click(input(/^Card · Featured/));
    fireEvent.change(input(/^Card · Opacity/), { target: { value: '0.8' } });
    const stored = config().card;
    expect(stored).toMatchObject({ listPriceCents: 1950, colour: '#00aaff', size: 'large', featured: true, opacity: 0.8 });
    expect(new Date(stored.startsAt).getHours()).toBe(18);
  });

  it('names the group in its messages and keeps the code and path for support', () => {
    render(<Harness initial={{ ...initial, card: { ...card, listPriceCents: -5, colour: 'orange' } }} />);
    const price = screen.getByTestId('field-error-card-listPriceCents');
    expect(price.textContent).toBe('Card · List price must be at least €0.00 SF103');
    expect(price.getAttribute('title')).toBe('SF103 at card.listPriceCents');
    expect(screen.getByTestId('field-error-card-colour').textContent).toBe('Card · Colour must be a colour like #ff8800 SF103');
    fireEvent.change(input('Label · Show'), { target: { value: '' } });
    expect(screen.getByTestId('field-error-label-show').textContent).toBe('Label · Show cannot be empty SF103');
  });

  it('edits a list inside a group item by item, with messages naming the group', () => {
    render(<Harness initial={initial} />);
    const prompts = screen.getByTestId('field-matrix-prompts');
    fireEvent.click(within(prompts).getByRole('button', { name: 'Add prompt' }));
    expect(config().matrix).toEqual({ prompts: ['Neon', ''], seeds: [] });
    const error = screen.getByTestId('field-error-matrix-prompts-2');
    expect(error.textContent).toBe('Matrix · Prompt 2 cannot be empty SF103');
    expect(error.getAttribute('title')).toBe('SF103 at matrix.prompts[1]');
    fireEvent.change(input('Prompt 2'), { target: { value: 'Pastel' } });
    expect(config().matrix.prompts).toEqual(['Neon', 'Pastel']);
    expect(screen.queryByTestId('field-error-matrix-prompts-2')).toBeNull();
  });

  it('says under the group when the group itself is wrong', () => {
    render(<Harness initial={{ ...initial, label: 'studio' }} />);
    expect(screen.getByTestId('field-error-label').textContent).toBe('Label must be a group of settings SF103');
    expect(input('Label · Show').value).toBe('live-show'); // the group's default, as it will be stored
    fireEvent.change(input('Label · Creator'), { target: { value: 'studio b' } });
    expect(config().label).toEqual({ creator: 'studio b', show: 'live-show' });
    expect(screen.queryByTestId('field-error-label')).toBeNull();
  });
});
