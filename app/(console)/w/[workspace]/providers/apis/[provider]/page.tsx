import { redirect } from 'next/navigation';
import type { ProviderPageParams } from './load';

export default async function ProviderHome({ params }: ProviderPageParams) {
  const { workspace, provider } = await params;
  redirect(`/w/${workspace}/providers/apis/${provider}/overview`);
}
