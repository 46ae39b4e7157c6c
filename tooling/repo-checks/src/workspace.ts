import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of a package.json the checks read. */
export interface Manifest {
  name: string;
  private?: boolean;
  type?: string;
  sideEffects?: boolean;
  files?: string[];
  exports?: Record<string, unknown>;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  publishConfig?: Record<string, unknown>;
  engines?: Record<string, string>;
}

/** The repository root. */
export const ROOT = new URL('../../..', import.meta.url).pathname;

/** Every workspace package under one group folder (`packages`, `apps`, `tooling`). */
export function workspacePackages(group: string): { dir: string; manifest: Manifest }[] {
  const groupDir = join(ROOT, group);
  return readdirSync(groupDir)
    .filter((name) => existsSync(join(groupDir, name, 'package.json')))
    .sort()
    .map((name) => {
      const dir = join(groupDir, name);
      return {
        dir,
        manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest,
      };
    });
}
