import { NextResponse } from 'next/server';
import { getDatabase } from '@/db';
import { ping } from '@/db/client';
import { databaseKind } from '@/lib/env';
import { log } from '@/lib/log';

export const dynamic = 'force-dynamic';

export async function GET() {
  try {
    const { db } = await getDatabase();
    await Promise.race([ping(db), new Promise((_, reject) => setTimeout(() => reject(new Error('database did not answer within 3 s')), 3000))]);
    return NextResponse.json({ status: 'ok', database: databaseKind });
  } catch (error) {
    log.error('health check failed', { error });
    return NextResponse.json({ status: 'unavailable', database: databaseKind, error: 'The database is not reachable.' }, { status: 503 });
  }
}
