// Work that must finish after a route has answered. On a serverless host the function may be frozen
// as soon as the response is sent; Next's `after()` keeps it running until such work is done.
import 'server-only';
import { after } from 'next/server';
import type { Db } from '@/db/client';
import { flushInvocations } from '@/lib/runtime/invocation-log';

/** Schedules a task to run once the response is sent (Next's `after`, or a test's own). */
export type AfterResponse = (task: () => Promise<void>) => void;

/**
 * Next's `after`, for the routes that queue work. Outside a request (a script, a test calling a
 * handler directly) Next has nowhere to defer to: the task starts at once instead.
 */
export const nextAfter: AfterResponse = (task) => {
  try {
    after(task);
  } catch {
    void task();
  }
};

/** Writes the invocation records this request queued once the answer is sent, before the host may freeze. */
export function flushInvocationsAfterResponse(db: Db, afterResponse: AfterResponse = nextAfter): void {
  afterResponse(() => flushInvocations(db));
}
