'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../api/trpc.ts';

/**
 * The next picture: the latest frame of the node on the switcher's preview bus (or, without
 * a switcher, the picture feeding the program output), refreshed several times a second.
 */
export function PreviewMonitor({ pipelineId, nodeId, label }: { pipelineId: string; nodeId: string | null; label: string }) {
  const trpc = useTRPC();
  const { data } = useQuery({ ...trpc.preview.latest.queryOptions({ pipelineId, nodeId: nodeId ?? 'none' }, { refetchInterval: 300 }), enabled: nodeId !== null });
  return (
    <figure className="sf-monitor sf-monitor-preview">
      <figcaption>
        Preview <span className="sf-muted">{label}</span>
      </figcaption>
      <div className="sf-player" data-testid="preview-monitor" data-node={nodeId ?? ''} data-seq={data?.seq ?? ''}>
        {data ? <img src={`data:${data.mime};base64,${data.dataBase64}`} alt={`preview: ${label}`} /> : <p className="sf-player-note">No picture yet</p>}
      </div>
    </figure>
  );
}
