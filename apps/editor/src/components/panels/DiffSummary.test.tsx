import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { DiffSummary } from './DiffSummary.tsx';

afterEach(cleanup);

describe('DiffSummary', () => {
  it('shows counts of added, removed and changed nodes with their ids on hover', () => {
    render(<DiffSummary summary={{ added: ['a', 'b'], removed: ['c'], changed: ['d', 'e', 'f'] }} />);
    const el = screen.getByTestId('diff-summary');
    expect(el.textContent).toBe('+2−1~3');
    expect(el.getAttribute('title')).toBe('added: a, b\nremoved: c\nchanged: d, e, f');
  });

  it('leaves out empty kinds', () => {
    render(<DiffSummary summary={{ added: [], removed: ['x'], changed: [] }} />);
    expect(screen.getByTestId('diff-summary').textContent).toBe('−1');
  });

  it('says so when no node changed', () => {
    render(<DiffSummary summary={{ added: [], removed: [], changed: [] }} />);
    expect(screen.getByTestId('diff-summary').textContent).toBe('no node changes');
  });
});
