import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { RuntimeProvider } from '../api/RuntimeProvider.tsx';
import { SessionGate } from '../api/SessionGate.tsx';
import { readEnv } from '../env.ts';
import '@xyflow/react/dist/style.css';
import './globals.css';

export const metadata: Metadata = { title: 'Showflow', description: 'Design, deploy and watch live show pipelines' };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Read at request time, so one build can point at any runtime.
  await connection();
  const { runtimeUrl } = readEnv();
  return (
    <html lang="en">
      <body>
        <RuntimeProvider runtimeUrl={runtimeUrl}>
          <SessionGate>{children}</SessionGate>
        </RuntimeProvider>
      </body>
    </html>
  );
}
