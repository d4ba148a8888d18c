// The record of each tool call, written after the answer has gone back: calls queue their record,
// and one multi-row insert writes the queue a moment later, so the log costs a call no round trip
// (and PGlite, one connection in the app's own thread, one statement per batch instead of per call).
// A batch that fails is written row by row, and a row that still fails is logged with what was lost.
// Inside a transaction the record is written at once: the transaction may end before a batch would.
// The timer alone is not enough on a serverless host, which may freeze the function once it has
// answered: routes that call tools also flush with Next's after() (server/after-response.ts).
import 'server-only';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Db } from '@/db/client';
import { invocations } from '@/db/schema';
import { log } from '@/lib/log';

export type InvocationRecord = typeof invocations.$inferInsert;

/** How long a record waits for others to share its insert. Also what a crash can lose. */
const BATCH_WAIT_MS = 20;
const MAX_BATCH = 200;

type Queue = { records: InvocationRecord[]; timer?: NodeJS.Timeout; writing: Promise<void> };
const queues = new Map<Db, Queue>();

/** Records a call: queued for the next batch, or written now inside a transaction. */
export async function recordInvocation(db: Db, record: InvocationRecord): Promise<void> {
  if (db instanceof PgTransaction) {
    await db.insert(invocations).values(record);
    return;
  }
  let queue = queues.get(db);
  if (!queue) queues.set(db, (queue = { records: [], writing: Promise.resolve() }));
  // The time of the call, not of the batch.
  queue.records.push({ ...record, createdAt: record.createdAt ?? new Date() });
  if (queue.records.length >= MAX_BATCH) void write(db, queue);
  else queue.timer ??= setTimeout(() => void write(db, queue), BATCH_WAIT_MS);
}

function write(db: Db, queue: Queue): Promise<void> {
  clearTimeout(queue.timer);
  queue.timer = undefined;
  const batch = queue.records.splice(0);
  if (batch.length === 0) return queue.writing;
  // One batch at a time per database, in the order the calls ended.
  queue.writing = queue.writing.then(() => insertBatch(db, batch));
  return queue.writing;
}

async function insertBatch(db: Db, batch: InvocationRecord[]) {
  try {
    await db.insert(invocations).values(batch);
    return;
  } catch (error) {
    if (batch.length === 1) return lost(batch[0]!, error);
  }
  // One bad row (its provider deleted meanwhile, say) must not take the others with it.
  for (const record of batch) {
    try {
      await db.insert(invocations).values(record);
    } catch (error) {
      lost(record, error);
    }
  }
}

function lost(record: InvocationRecord, error: unknown) {
  log.error('runtime.invocation_not_recorded', { workspaceId: record.workspaceId, toolName: record.toolName, status: record.status, callError: record.error, error });
}

/** Writes every queued record (of one database, or all) and waits until they are stored or their loss logged. */
export async function flushInvocations(db?: Db): Promise<void> {
  const targets = db ? [[db, queues.get(db)] as const] : [...queues.entries()];
  await Promise.all(targets.map(([target, queue]) => (queue ? write(target, queue) : undefined)));
}
