'use client';

import type { DropView } from './commerce-api.ts';
import { formatCountdown, formatMoney } from '@showflow/shared';

interface Props {
  drop: DropView;
  busy: boolean;
  onReserve(): void;
}

const statusLabel: Record<DropView['status'], string> = { scheduled: 'Coming up', live: 'Live now', all_held: 'All held', sold_out: 'Sold out', ended: 'Ended' };

/** The hold's real length, as the server will apply it: "30 s", "2 min", "1 min 30 s". */
export function holdDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds % 60);
  if (m === 0) return `${s} s`;
  return s === 0 ? `${m} min` : `${m} min ${s} s`;
}

/**
 * A drop as the server reports it: price now, units left and held, countdown. Nothing here
 * is computed on the page, so what the viewer reads is what the server will honour. Units
 * in other viewers' checkouts are shown as held, not sold: they may come back.
 */
export function DropCard({ drop, busy, onReserve }: Props) {
  const price = formatMoney(drop.price.unitCents, drop.price.currency);
  const canReserve = drop.status === 'live' && drop.available > 0;
  return (
    <article className={`sf-drop sf-drop-${drop.status}`} data-testid={`drop-${drop.id}`}>
      <header>
        <span className="sf-drop-status" data-testid="drop-status">{statusLabel[drop.status]}</span>
        <h2 data-testid="drop-title">{drop.title}</h2>
      </header>
      <p className="sf-drop-price">
        <strong data-testid="drop-price">{price}</strong>
        {drop.bundle ? (
          <span className="sf-drop-bundle" data-testid="drop-bundle">
            {drop.bundle.items.map((i) => `${i.quantity}× ${i.title ?? i.sku}`).join(' + ')}
            {drop.bundle.savingsCents > 0 ? ` · save ${formatMoney(drop.bundle.savingsCents, drop.price.currency)}` : ''}
          </span>
        ) : null}
      </p>
      <dl className="sf-drop-facts">
        <div>
          <dt>Left</dt>
          <dd>
            <span data-testid="drop-available">{drop.available}</span> of <span data-testid="drop-stock">{drop.stock}</span>
          </dd>
        </div>
        {drop.reserved > 0 ? (
          <div>
            <dt>Held</dt>
            <dd data-testid="drop-held">{drop.reserved} in checkout</dd>
          </div>
        ) : null}
        <div>
          <dt>{drop.status === 'scheduled' ? 'Starts in' : drop.status === 'ended' ? 'Ended' : 'Ends in'}</dt>
          <dd data-testid="drop-countdown" data-countdown-ms={drop.countdownMs} data-server-time={drop.serverTime}>
            {drop.startsOnCue ? 'on the host\'s cue' : drop.status === 'ended' ? '—' : formatCountdown(drop.countdownMs)}
          </dd>
        </div>
        <div>
          <dt>Limit</dt>
          <dd>{drop.perViewerLimit} per viewer</dd>
        </div>
      </dl>
      <button type="button" className="sf-btn sf-btn-primary sf-drop-reserve" disabled={!canReserve || busy} onClick={onReserve} data-testid="reserve">
        {busy ? 'Reserving…' : canReserve ? `Reserve for ${price}` : statusLabel[drop.status]}
      </button>
      {drop.status === 'all_held' ? (
        <p className="sf-drop-note" data-testid="drop-held-note">
          Every unit left is in someone&apos;s checkout; a unit comes back on sale if its hold lapses
          {drop.nextHoldExpiresAt ? ` (the next in ${formatCountdown(Date.parse(drop.nextHoldExpiresAt) - Date.parse(drop.serverTime))})` : ''}.
        </p>
      ) : null}
      <p className="sf-drop-note" data-testid="drop-hold-note">
        Reserving holds one for {holdDuration(drop.reservationTtlSeconds)}; nothing is charged until you confirm.
      </p>
    </article>
  );
}
