import { NextResponse } from 'next/server';
import { getDb } from '@/db';
import { syncAllWorkspaces } from '@/lib/repository/cron';
import { cronRoute } from '@/server/cron';

export const dynamic = 'force-dynamic';
// The sync works within a budget well under this; what does not fit waits for the next tick.
export const maxDuration = 300;

/** Syncs every workspace's selected providers against the central repository (Vercel cron, see vercel.json). */
export const GET = cronRoute('cron.repository_sync', async () => {
  const result = await syncAllWorkspaces({ db: await getDb() });
  return NextResponse.json(result, { headers: { 'cache-control': 'no-store' } });
});
