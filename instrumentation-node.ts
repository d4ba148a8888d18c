import { getDatabase } from './db';
import { secrets } from './lib/env';

try {
  secrets();
  const { kind } = await getDatabase();
  console.log(`[start] database ready (${kind})`);
} catch (error) {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
