// Adds up the JSON reports that every workspace package's vitest run writes to `.vitest/report.json`
// (the vitest preset configures it; turbo restores it on a cache hit) and prints one closing line:
// `tests: N passed, N failed, N skipped`. A package with a test script but no report counts as failed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
let passed = 0;
let failed = 0;
let skipped = 0;
let missing = 0;

for (const group of ['packages', 'apps', 'tooling']) {
  const groupDir = join(root, group);
  if (!existsSync(groupDir)) continue;
  for (const name of readdirSync(groupDir).sort()) {
    const manifestPath = join(groupDir, name, 'package.json');
    if (!existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (!manifest.scripts?.test) continue;
    const reportPath = join(groupDir, name, '.vitest', 'report.json');
    if (!existsSync(reportPath)) {
      console.log(`${manifest.name}: no test report (the test run crashed or did not start)`);
      missing += 1;
      continue;
    }
    const report = JSON.parse(readFileSync(reportPath, 'utf8'));
    const pending = report.numPendingTests + report.numTodoTests;
    console.log(
      `${manifest.name}: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${pending} skipped`,
    );
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += pending;
  }
}

if (missing > 0) failed += missing;
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
