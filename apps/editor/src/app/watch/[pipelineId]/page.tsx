import { WatchScreen } from '../../../components/watch/WatchScreen.tsx';

export default async function WatchPage({ params }: { params: Promise<{ pipelineId: string }> }) {
  const { pipelineId } = await params;
  return <WatchScreen pipelineId={pipelineId} />;
}
