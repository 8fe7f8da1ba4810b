'use client';

import { useEffect, useState } from 'react';

/**
 * Milliseconds left until `targetIso` on the SERVER's clock: the offset between the
 * server's `serverTime` (from its last answer) and this device is applied, so a wrong
 * device clock cannot show a longer (or shorter) hold than the server will honour.
 */
export function useServerCountdown(targetIso: string, serverTimeIso: string, receivedAt: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  const serverNow = Date.parse(serverTimeIso) + (now - receivedAt);
  return Math.max(0, Date.parse(targetIso) - serverNow);
}
