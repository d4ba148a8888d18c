import { getDatabase } from './db';
import { secrets } from './lib/env';

try {
  secrets();
  const { kind, db } = await getDatabase();
  console.log(`[start] database ready (${kind})`);
  // Imports that were running when a previous process stopped will never finish.
  const { failAbandonedJobs } = await import('./lib/providers/jobs');
  await failAbandonedJobs({ db, olderThanMinutes: 10 });
} catch (error) {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
