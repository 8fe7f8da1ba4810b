import { ControlRoom } from '../../../../components/control/ControlRoom.tsx';

export default async function ControlRoomPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ControlRoom pipelineId={id} />;
}
