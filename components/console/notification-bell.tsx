'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';

export function NotificationBell({ workspace, initialCount }: { workspace: string; initialCount: number }) {
  const { data } = useQuery({
    queryKey: ['notifications', workspace, 'unread'],
    queryFn: async () => {
      const response = await fetch(`/api/w/${workspace}/notifications/unread`, { cache: 'no-store' });
      if (!response.ok) throw new Error(`unread count: ${response.status}`);
      return ((await response.json()) as { unread: number }).unread;
    },
    initialData: initialCount,
    refetchInterval: 30_000,
  });
  const label = data === 0 ? 'Notifications, none unread' : `Notifications, ${data} unread`;
  return (
    <Link href={`/w/${workspace}/notifications`} aria-label={label} title={label} className="relative rounded-full p-2 text-slate-600 hover:bg-slate-100">
      <svg aria-hidden viewBox="0 0 24 24" className="h-5 w-5" fill="none" stroke="currentColor" strokeWidth="1.8">
        <path d="M15 17h5l-1.4-1.4A2 2 0 0 1 18 14.2V11a6 6 0 1 0-12 0v3.2c0 .5-.2 1-.6 1.4L4 17h5m6 0a3 3 0 1 1-6 0" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
      {data > 0 ? (
        <span
          data-testid="unread-count"
          className="absolute -right-0.5 -top-0.5 flex h-4 min-w-4 items-center justify-center rounded-full bg-red-600 px-1 text-[10px] font-semibold text-white"
        >
          {data > 99 ? '99+' : data}
        </span>
      ) : null}
    </Link>
  );
}
