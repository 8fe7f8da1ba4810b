import type { FrameSource } from './thumbnail-scheduler.ts';

/**
 * A node's newest picture through the editor's origin (`/preview/...`, proxied to the
 * runtime with the session cookie). Anything but a picture — no frame yet (404), not
 * allowed, runtime away — is "no picture".
 */
export function previewSource(pipelineId: string): FrameSource {
  const base = `/preview/${encodeURIComponent(pipelineId)}/`;
  return async (nodeId, signal) => {
    const res = await fetch(`${base}${encodeURIComponent(nodeId)}.jpg`, { cache: 'no-store', credentials: 'same-origin', signal });
    if (!res.ok || !res.headers.get('content-type')?.startsWith('image/')) {
      await res.body?.cancel();
      return null;
    }
    return { blob: await res.blob(), seq: res.headers.get('x-frame-seq') };
  };
}
