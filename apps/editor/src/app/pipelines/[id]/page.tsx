import { EditorScreen } from '../../../components/editor/EditorScreen.tsx';

export default async function PipelinePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <EditorScreen pipelineId={id} />;
}
