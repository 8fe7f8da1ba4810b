import { PipelineList } from '../components/pipelines/PipelineList.tsx';

export default function HomePage() {
  return <PipelineList />;
}
