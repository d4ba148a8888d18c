// Opens the database and applies migrations when the server starts, so the first request does not
// pay for it and a locked or broken database stops the start with a clear message.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  await import('./instrumentation-node');
}
