import { Suspense } from 'react';
import { TemplateGallery } from '../../components/templates/TemplateGallery.tsx';

export default function TemplatesPage() {
  // The gallery reads ?export=<pipeline> from the URL, which needs a suspense boundary.
  return (
    <Suspense>
      <TemplateGallery />
    </Suspense>
  );
}
