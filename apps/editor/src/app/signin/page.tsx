import type { Metadata } from 'next';
import { SignInForm } from './SignInForm.tsx';

export const metadata: Metadata = { title: 'Sign in · Showflow' };

export default function SignInPage() {
  return (
    <main className="sf-center">
      <SignInForm />
    </main>
  );
}
