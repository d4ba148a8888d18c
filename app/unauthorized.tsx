import Link from 'next/link';

export default function Unauthorized() {
  return (
    <main className="mx-auto max-w-lg px-6 py-24 text-center">
      <p className="text-sm font-semibold text-indigo-600">401</p>
      <h1 className="mt-2 text-2xl font-semibold">Please sign in</h1>
      <Link href="/login" className="mt-6 inline-block text-sm font-medium text-indigo-600 hover:underline">
        Sign in
      </Link>
    </main>
  );
}
