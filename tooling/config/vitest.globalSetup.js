import { rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Removes the previous JSON report before a run, so that a run that crashes before reporting
 * leaves no report (counted as failed by the summary) instead of a stale passing one.
 * @param {{ config: { root: string } }} project
 */
export default function removeStaleReport(project) {
  rmSync(join(project.config.root, '.vitest', 'report.json'), { force: true });
}
