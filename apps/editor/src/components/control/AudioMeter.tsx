'use client';

import type { AudioLevel } from './useAudioLevel.ts';

const FLOOR_DB = -60;

/** Share of the meter's height for a level: −60 dBFS at the bottom, 0 at the top. */
const height = (db: number) => `${Math.max(0, Math.min(1, (db - FLOOR_DB) / -FLOOR_DB)) * 100}%`;

/** Two vertical bars (L, R) with peak marks, green to −18, amber to −6, red above. */
export function AudioMeter({ level }: { level: AudioLevel }) {
  const loudest = Math.max(...level.rms);
  return (
    <div className="sf-meter" data-testid="audio-meter" data-rms-db={Number.isFinite(loudest) ? loudest.toFixed(1) : '-inf'} title="Program sound (dBFS)">
      {level.rms.map((db, channel) => (
        <div key={channel} className="sf-meter-bar">
          <div className={`sf-meter-fill ${db > -6 ? 'sf-meter-hot' : db > -18 ? 'sf-meter-warm' : ''}`} style={{ height: height(db) }} />
          <div className="sf-meter-peak" style={{ bottom: height(level.peak[channel] ?? -Infinity) }} />
        </div>
      ))}
      <span className="sf-meter-label">{Number.isFinite(loudest) ? `${loudest.toFixed(0)} dB` : 'silent'}</span>
    </div>
  );
}
