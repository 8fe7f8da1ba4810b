import type { Metadata } from 'next';
import { AccessPanel } from './AccessPanel.tsx';

export const metadata: Metadata = { title: 'Access · Showflow' };

export default function AccessPage() {
  return <AccessPanel />;
}
