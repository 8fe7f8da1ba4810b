import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { specs } from '../../test/fixtures.ts';
import { SchemaFormHarness, shownConfig } from '../../test/schema-form-harness.tsx';

const denoise = specs.find((s) => s.type === 'showflow.denoise')!;

const Harness = ({ initial }: { initial: Record<string, unknown> }) => <SchemaFormHarness spec={denoise} initial={initial} />;

afterEach(cleanup);

describe('SchemaForm', () => {
  it('draws an input per setting: number with range, enum, boolean, colour', () => {
    render(<Harness initial={denoise.defaults} />);
    expect(screen.getByLabelText(/Strength/)).toHaveProperty('type', 'number');
    expect(screen.getByTestId('field-strength').textContent).toContain('0 – 1');
    expect(screen.getByLabelText('Mode').tagName).toBe('SELECT');
    expect(screen.getByLabelText('Enabled')).toHaveProperty('checked', true);
    expect(screen.getByLabelText('Tint')).toHaveProperty('value', '#ff0000');
  });

  it('shows a validation message inline and clears it once fixed', () => {
    render(<Harness initial={denoise.defaults} />);
    fireEvent.change(screen.getByLabelText(/Strength/), { target: { value: '3' } });
    expect(screen.getByTestId('field-error-strength').textContent).toBe('Strength must be at most 1 SF103');
    expect(shownConfig().strength).toBe(3);
    fireEvent.change(screen.getByLabelText(/Strength/), { target: { value: '0.25' } });
    expect(screen.queryByTestId('field-error-strength')).toBeNull();
    expect(shownConfig().strength).toBe(0.25);
  });

  it('writes typed values back: enum, boolean, and clearing a number restores the default', () => {
    render(<Harness initial={denoise.defaults} />);
    fireEvent.change(screen.getByLabelText('Mode'), { target: { value: 'fine' } });
    fireEvent.click(screen.getByLabelText('Enabled'));
    fireEvent.change(screen.getByLabelText(/Strength/), { target: { value: '' } });
    const config = shownConfig();
    expect(config).toEqual({ mode: 'fine', enabled: false, tint: '#ff0000' });
    expect(screen.getByLabelText(/Strength/)).toHaveProperty('value', '0.5');
  });

  it('flags a colour that does not match the schema pattern', () => {
    render(<Harness initial={denoise.defaults} />);
    fireEvent.change(screen.getByLabelText('Tint'), { target: { value: 'red' } });
    expect(screen.getByTestId('field-error-tint').textContent).toBe('Tint must be a colour like #ff8800 SF103');
  });
});
