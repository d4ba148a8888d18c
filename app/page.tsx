import { redirect } from 'next/navigation';
import { connection } from 'next/server';
import { getDb } from '@/db';
import { isSetupOpen } from '@/lib/auth/setup';
import { listWorkspacesOfUser } from '@/lib/workspaces/workspaces';
import { getCurrentUser } from '@/server/auth';

export default async function Home() {
  await connection();
  const db = await getDb();
  if (await isSetupOpen({ db })) redirect('/setup');
  const user = await getCurrentUser();
  if (!user) redirect('/login');
  const [first] = await listWorkspacesOfUser({ db, userId: user.id });
  redirect(first ? `/w/${first.slug}/providers/connectors` : '/workspaces');
}
