'use client';
import type React from 'react';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import type { ActionResult } from '@/server/action';

/**
 * Runs a server action from a client component: keeps its pending state, its error and field
 * errors, and refreshes the page's server data when it succeeds.
 */
export function useAction<I, T>(action: (input: I) => Promise<ActionResult<T>>, options: { onSuccess?: (data: T) => void; refresh?: boolean } = {}) {
  const router = useRouter();
  const mutation = useMutation({
    mutationFn: action,
    onSuccess: (result) => {
      if (!result.ok) return;
      options.onSuccess?.(result.data);
      if (options.refresh !== false) router.refresh();
    },
  });
  const failed = mutation.data && !mutation.data.ok ? mutation.data : undefined;
  return {
    run: mutation.mutate,
    runAsync: mutation.mutateAsync,
    pending: mutation.isPending,
    result: mutation.data,
    error: failed?.error ?? (mutation.error ? 'The request did not go through. Check your connection and try again.' : null),
    fields: failed?.fields ?? {},
    reset: mutation.reset,
  };
}

/**
 * An onSubmit handler that hands the form's data to `run` without React's form-action reset, so
 * what a person typed stays in place when the server asks them to correct it.
 */
export function onFormSubmit(run: (form: FormData) => unknown) {
  return (event: React.FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    run(new FormData(event.currentTarget));
  };
}
