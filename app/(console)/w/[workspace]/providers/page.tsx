import { redirect } from 'next/navigation';

export default async function ProvidersHome({ params }: { params: Promise<{ workspace: string }> }) {
  const { workspace } = await params;
  redirect(`/w/${workspace}/providers/connectors`);
}
