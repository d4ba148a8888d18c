import NextAuth from 'next-auth';
import type { NextRequest } from 'next/server';
import { buildAuthOptions } from '@/server/auth';
import { clientIpFrom } from '@/server/request';

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(request: NextRequest, context: Context) {
  return NextAuth(request, context, buildAuthOptions(clientIpFrom(request.headers)));
}

export { handler as GET, handler as POST };
