import type { ReactNode } from 'react';

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-md">
        <div className="mb-8 text-center">
          <div className="mx-auto flex h-10 w-10 items-center justify-center rounded-lg bg-indigo-600 text-lg font-bold text-white">P</div>
          <p className="mt-3 text-sm font-medium text-slate-500">Provider &amp; Integration System</p>
        </div>
        {children}
      </div>
    </main>
  );
}
