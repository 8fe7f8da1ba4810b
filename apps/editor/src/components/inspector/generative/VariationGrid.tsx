'use client';

export interface VariationItem {
  index: number;
  prompt: string;
  style: string;
  seed: number;
  assetPath: string | null;
  error?: { code: string; message: string };
}

interface Props {
  variations: VariationItem[];
  active: number | null;
  /** Prefix for asset paths: the runtime serves the images, not the editor. */
  runtimeUrl: string;
  /** Disables the buttons while a switch is on its way. */
  busy: boolean;
  onSelect(index: number): void;
}

/** Precomputed variations as thumbnails; the one on air is highlighted, a failed one says why. */
export function VariationGrid({ variations, active, runtimeUrl, busy, onSelect }: Props) {
  return (
    <ul className="sf-gen-grid" data-testid="variations">
      {variations.map((v) => {
        const isActive = v.index === active;
        const title = `${v.index + 1}. ${v.prompt}${v.style ? ` — ${v.style}` : ''} (seed ${v.seed})`;
        return (
          <li key={v.index}>
            <button
              type="button"
              className={`sf-gen-variation${isActive ? ' is-active' : ''}`}
              aria-pressed={isActive}
              disabled={busy || !v.assetPath}
              title={v.error ? `${title}: ${v.error.message}` : title}
              onClick={() => onSelect(v.index)}
              data-testid={`variation-${v.index}`}
            >
              {v.assetPath ? (
                // A plain img: immutable assets from the runtime, cached by the browser by their hash.
                <img src={`${runtimeUrl}${v.assetPath}`} alt={title} loading="lazy" />
              ) : (
                <span className="sf-gen-missing">{v.error?.code ?? 'not made'}</span>
              )}
              <span className="sf-gen-caption">
                {v.index + 1}
                {isActive ? ' · on air' : ''}
              </span>
            </button>
          </li>
        );
      })}
    </ul>
  );
}
