import { existsSync } from 'node:fs';
import { readdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isQStoreError, NotFoundError, StateError } from '@qstore/core';
import { writeFileAtomic } from '../internal/atomicFile.js';
import { withFileLock } from '../internal/fileLock.js';
import { newExperimentId } from '../internal/ids.js';
import { validateExperimentName } from '../validate.js';
import { type ExperimentMeta, experimentMetaYaml, parseExperimentMeta } from './metaFiles.js';

const SCOPE = 'track/file';
const RESERVED = new Set(['.trash', 'models']);

/** Like MLflow, listings skip a malformed experiment or run folder with a warning. */
export function skipCorrupt(error: unknown): undefined {
  if (!isQStoreError(error, 'CORRUPT_DATA')) throw error;
  process.emitWarning(`${error.message} (skipped)`, { code: 'QSTORE_CORRUPT_SKIPPED' });
  return undefined;
}

/** The experiments of a file store: `<root>/<id>/meta.yaml`, deleted ones in `.trash/`. */
export class ExperimentCatalog {
  readonly root: string;

  protected constructor(root: string) {
    this.root = root;
  }

  /** The lock file that serialises experiment creation across processes. */
  protected get lockPath(): string {
    return join(this.root, '.qstore-experiments.lock');
  }

  /** Writes a new experiment folder and its meta.yaml. */
  protected async writeExperiment(id: string, name: string): Promise<ExperimentMeta> {
    const now = Date.now();
    const meta: ExperimentMeta = {
      experimentId: id,
      name,
      artifactLocation: pathToFileURL(join(this.root, id)).href,
      lifecycleStage: 'active',
      creationTime: now,
      lastUpdateTime: now,
    };
    await writeFileAtomic(join(this.root, id, 'meta.yaml'), experimentMetaYaml(meta));
    return meta;
  }

  /**
   * Every experiment in the store (skipping folders whose meta.yaml is missing or names another
   * id); with `includeDeleted`, also those moved to `.trash/`.
   */
  async listExperiments(includeDeleted = false): Promise<ExperimentMeta[]> {
    const out: ExperimentMeta[] = [];
    for (const parent of includeDeleted ? [this.root, join(this.root, '.trash')] : [this.root]) {
      for (const entry of await readdir(parent, { withFileTypes: true })) {
        if (!entry.isDirectory() || RESERVED.has(entry.name) || entry.name.startsWith('.'))
          continue;
        const file = join(parent, entry.name, 'meta.yaml');
        if (!existsSync(file)) continue;
        const meta = await readFile(file, 'utf8')
          .then((text) => parseExperimentMeta(text, file))
          .catch(skipCorrupt);
        if (meta?.experimentId === entry.name) out.push(meta);
      }
    }
    return out;
  }

  /** The experiment with this name, including a deleted one; undefined when none. */
  async getExperimentByName(name: string): Promise<ExperimentMeta | undefined> {
    return (await this.listExperiments(true)).find((e) => e.name === name);
  }

  /** The experiment with this id. */
  async getExperiment(id: string): Promise<ExperimentMeta> {
    const found = (await this.listExperiments(true)).find((e) => e.experimentId === id);
    if (found === undefined)
      throw new NotFoundError(
        'NOT_FOUND',
        `no experiment with id ${JSON.stringify(id)} in ${this.root}`,
        { scope: SCOPE },
      );
    return found;
  }

  /** Creates an experiment; a taken name is `ALREADY_EXISTS`. Serialised across processes by a lock file. */
  async createExperiment(name: string): Promise<ExperimentMeta> {
    validateExperimentName(name, SCOPE);
    return withFileLock(this.lockPath, async () => {
      const existing = await this.getExperimentByName(name);
      if (existing !== undefined)
        throw new StateError(
          'ALREADY_EXISTS',
          `experiment ${JSON.stringify(name)} already exists (id ${existing.experimentId}, ${existing.lifecycleStage})`,
          {
            scope: SCOPE,
          },
        );
      let id = newExperimentId();
      while (existsSync(join(this.root, id))) id = newExperimentId();
      return this.writeExperiment(id, name);
    });
  }

  /** The experiment with this name, created when missing; a deleted one is `INVALID_STATE`. */
  async getOrCreateExperiment(name: string): Promise<ExperimentMeta> {
    validateExperimentName(name, SCOPE);
    const existing = await this.getExperimentByName(name);
    if (existing === undefined) {
      try {
        return await this.createExperiment(name);
      } catch (error) {
        if (!(error instanceof StateError && error.code === 'ALREADY_EXISTS')) throw error;
        return this.getOrCreateExperiment(name);
      }
    }
    if (existing.lifecycleStage !== 'active')
      throw new StateError(
        'INVALID_STATE',
        `experiment ${JSON.stringify(name)} is deleted; restore it before logging to it`,
        { scope: SCOPE },
      );
    return existing;
  }

  /** Marks an experiment deleted and moves its folder into `.trash/`, as MLflow does. */
  protected async trashExperiment(meta: ExperimentMeta): Promise<void> {
    const id = meta.experimentId;
    await writeFileAtomic(
      join(this.root, id, 'meta.yaml'),
      experimentMetaYaml({ ...meta, lifecycleStage: 'deleted', lastUpdateTime: Date.now() }),
    );
    await rename(join(this.root, id), join(this.root, '.trash', id));
  }

  /** Moves a deleted experiment back from `.trash/` and marks it active (`experiments/restore`). */
  async restoreExperiment(id: string): Promise<ExperimentMeta> {
    const meta = await this.getExperiment(id);
    if (meta.lifecycleStage === 'active') return meta;
    const trashed = join(this.root, '.trash', id);
    if (existsSync(trashed)) await rename(trashed, join(this.root, id));
    const restored: ExperimentMeta = {
      ...meta,
      lifecycleStage: 'active',
      lastUpdateTime: Date.now(),
    };
    await writeFileAtomic(join(this.root, id, 'meta.yaml'), experimentMetaYaml(restored));
    return restored;
  }
}
