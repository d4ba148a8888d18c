import { NextResponse } from 'next/server';
import { runtimeApiDocument } from '@/lib/api-docs/openapi';
import { appOrigin } from '@/server/request';

export const dynamic = 'force-dynamic';

/** The runtime API describes itself; import this URL as a provider to call the API from workflows. */
export async function GET() {
  return NextResponse.json(runtimeApiDocument(`${await appOrigin()}/api/v1`), { headers: { 'cache-control': 'public, max-age=300' } });
}
