import { afterEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '@/test/db';
import { GET } from './route';

const holder = globalThis as unknown as { appDatabase?: Promise<unknown> };

describe('GET /api/health', () => {
  afterEach(() => {
    holder.appDatabase = undefined;
  });

  it('answers ok with the backend in use', async () => {
    const database = await openTestDatabase();
    holder.appDatabase = Promise.resolve(database);
    const response = await GET();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', database: 'pglite' });
    await database.close();
  });

  it('answers 503 when the database does not answer', async () => {
    const database = await openTestDatabase();
    await database.close();
    holder.appDatabase = Promise.resolve(database);
    const response = await GET();
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({ status: 'unavailable', error: 'The database is not reachable.' });
  });
});
