import type { Reporter, TestModule } from 'vitest/node';

// Prints "N passed, N failed" as the last line, so the count is visible to whoever reads the log.
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>) {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const testModule of testModules) {
      for (const test of testModule.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
    }
    const backend = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';
    console.log(`vitest (${backend}): ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  }
}
