'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../api/trpc.ts';

/** The newest frame the runtime kept for this node; refreshed each second while selected. */
export function PreviewFrame({ pipelineId, nodeId }: { pipelineId: string; nodeId: string }) {
  const trpc = useTRPC();
  const { data, error } = useQuery(trpc.preview.latest.queryOptions({ pipelineId, nodeId }, { refetchInterval: 1_000 }));
  if (error) return <p className="sf-muted">Preview unavailable: {error.message}</p>;
  if (!data) return <p className="sf-muted" data-testid="preview-empty">No frame from this node yet.</p>;
  return (
    <figure className="sf-preview" data-testid="preview">
      {/* A plain img: frames are live data URLs, nothing for an image optimiser to do. */}
      <img src={`data:${data.mime};base64,${data.dataBase64}`} width={data.width} height={data.height} alt={`frame ${data.seq} at ${nodeId}`} />
      <figcaption>
        #{data.seq} · {data.width}×{data.height}
      </figcaption>
    </figure>
  );
}
