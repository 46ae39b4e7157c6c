import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALLOWED_SIBLINGS, CORE_RUNTIME_DEPENDENCIES } from './allowedDependencies.js';
import { ROOT, workspacePackages } from './workspace.js';

const publishable = workspacePackages('packages');
const rootManifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

describe('publishable packages', () => {
  it('should be exactly the eight packages of DESIGN.md', () => {
    expect(publishable.map((p) => p.manifest.name).sort()).toEqual(
      Object.keys(ALLOWED_SIBLINGS).sort(),
    );
  });

  describe.each(publishable.map((p) => [p.manifest.name, p] as const))(
    '%s',
    (name, { dir, manifest }) => {
      it('should be a public ESM package without side effects that ships dist only', () => {
        expect(manifest.private).toBeUndefined();
        expect(manifest.type).toBe('module');
        expect(manifest.sideEffects).toBe(false);
        expect(manifest.files).toContain('dist');
        expect(manifest.publishConfig?.access).toBe('public');
        expect(manifest.engines?.node).toBeDefined();
      });

      it('should export types and ESM from dist, plus package.json, without wildcards', () => {
        expect(manifest.exports?.['./package.json']).toBe('./package.json');
        for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
          expect(subpath).not.toContain('*');
          if (subpath === './package.json') continue;
          expect(target).toMatchObject({
            types: expect.stringMatching(/^\.\/dist\/.*\.d\.ts$/),
            import: expect.stringMatching(/^\.\/dist\/.*\.js$/),
          });
        }
      });

      it('should depend only on the siblings DESIGN.md allows, through workspace:^', () => {
        const runtime = {
          ...manifest.dependencies,
          ...manifest.peerDependencies,
          ...manifest.optionalDependencies,
        };
        const siblings = Object.keys(runtime).filter((dep) => dep.startsWith('@qstore/'));
        for (const sibling of siblings) {
          expect(ALLOWED_SIBLINGS[name], `${name} may not depend on ${sibling}`).toContain(sibling);
          expect(runtime[sibling]).toBe('workspace:^');
        }
        if (name !== '@qstore/core') expect(siblings).toContain('@qstore/core');
      });

      it('should have a README, a build, a typecheck, a test and a publish check', () => {
        expect(existsSync(join(dir, 'README.md'))).toBe(true);
        for (const script of ['build', 'typecheck', 'lint', 'test', 'check:publish']) {
          expect(manifest.scripts?.[script], `${name} lacks the ${script} script`).toBeDefined();
        }
      });
    },
  );

  it('should keep core free of runtime dependencies besides zod and seedrandom', () => {
    const core = publishable.find((p) => p.manifest.name === '@qstore/core')!;
    expect(Object.keys(core.manifest.dependencies ?? {}).sort()).toEqual([
      ...CORE_RUNTIME_DEPENDENCIES,
    ]);
    expect(core.manifest.peerDependencies).toBeUndefined();
  });

  it('should document every error code in core README', async () => {
    const { ERROR_CODES } = await import('@qstore/core');
    const readme = readFileSync(join(ROOT, 'packages/core/README.md'), 'utf8');
    for (const code of Object.values(ERROR_CODES).flat())
      expect(readme, code).toContain(`\`${code}\``);
  });
});

describe('private workspace packages', () => {
  it('should keep apps and tooling private so that changesets never publish them', () => {
    for (const { manifest } of [...workspacePackages('apps'), ...workspacePackages('tooling')]) {
      expect(manifest.private, manifest.name).toBe(true);
    }
  });
});

describe('root', () => {
  it('should pin pnpm and the dev tools exactly', () => {
    expect(rootManifest.packageManager).toMatch(/^pnpm@\d+\.\d+\.\d+$/);
    for (const [tool, version] of Object.entries(
      rootManifest.devDependencies as Record<string, string>,
    )) {
      expect(version, tool).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });

  it('should run in CI exactly the test command the README states', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const ciRun = readFileSync(join(ROOT, '.ci/run'), 'utf8').trim().split('\n').at(-1)!;
    expect(readme).toContain(ciRun);
  });
});
