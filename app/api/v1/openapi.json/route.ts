import { NextResponse, type NextRequest } from 'next/server';
import { runtimeApiDocument } from '@/lib/api-docs/openapi';
import { appOriginFrom } from '@/server/request';

export const dynamic = 'force-dynamic';

/**
 * The runtime API describes itself; import this URL as a provider to call the API from workflows.
 * Its server URL comes from NEXTAUTH_URL; without it, from the request's Host, and then the answer
 * is not shared by caches (a forged Host must not poison what others are served).
 */
export async function GET(request: NextRequest) {
  const { origin, fromRequest } = appOriginFrom(request.headers);
  const headers: Record<string, string> = fromRequest
    ? { 'cache-control': 'private, max-age=300', vary: 'Host, X-Forwarded-Host, X-Forwarded-Proto' }
    : { 'cache-control': 'public, max-age=300' };
  return NextResponse.json(runtimeApiDocument(`${origin}/api/v1`), { headers });
}
