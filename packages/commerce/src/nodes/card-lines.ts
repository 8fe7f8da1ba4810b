import type { DropView } from '../views.ts';
import { formatCountdown, formatMoney } from '@showflow/shared';

/**
 * The lines every drop card starts with. Everything shown comes from the server's live
 * state: its price now, its units left, its countdown.
 */
export function headLines(view: DropView): string[] | null {
  if (view.startsOnCue) return null;
  switch (view.status) {
    case 'scheduled':
      return [view.title, `Starts in ${formatCountdown(view.countdownMs)}`];
    case 'sold_out':
      return [view.title, 'SOLD OUT'];
    case 'all_held':
      return [view.title, `ALL ${view.reserved} HELD · may free up`];
    case 'ended':
      return [view.title, `Drop ended · ${view.sold} sold`];
    default:
      return [
        `${view.title} · ${formatMoney(view.price.unitCents, view.price.currency)}`,
        `${view.available} of ${view.stock} left · ends in ${formatCountdown(view.countdownMs)}`,
      ];
  }
}

export const justSold = 'JUST SOLD!';

export function bundleLine(view: DropView): string | null {
  if (!view.bundle) return null;
  const items = view.bundle.items.map((i) => `${i.quantity}× ${i.title ?? i.sku}`).join(' + ');
  const save = view.bundle.savingsCents > 0 ? ` (save ${formatMoney(view.bundle.savingsCents, view.price.currency)})` : '';
  return `${items}${save}`;
}
