import type { SenderLink } from './useCaptureSession.ts';

/** Whether frames are going out now; the SDK replaces a dead session by itself and says so here. */
export function SenderLinkPill({ link }: { link: SenderLink }) {
  if (link.state === 'reconnecting') {
    return (
      <span className="sf-pill sf-pill-warn" data-testid="golive-reconnecting">
        reconnecting… ({link.attempt ?? 1})
      </span>
    );
  }
  if (link.state === 'failed') {
    return (
      <span className="sf-pill sf-pill-warn" data-testid="golive-link-failed" title={link.message}>
        stopped: {link.code ?? 'refused'}
      </span>
    );
  }
  return (
    <span className="sf-pill sf-pill-live" data-testid="golive-on-air">
      sending
    </span>
  );
}
