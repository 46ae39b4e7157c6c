import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { FormatError, NotFoundError, parseWithSchema, StorageError } from '@qstore/core';
import { z } from 'zod';
import { writeFileAtomic } from './internal/atomicWrite.js';
import { SCOPE } from './internal/errors.js';
import { readSavedModel, saveModel } from './modelIo.js';
import { normalizePreprocessing, type PreprocessingStep } from './preprocessingSteps.js';
import type { Model, ModelArchitecture } from './sequential.js';

/** The trainer state file of a checkpoint folder (next to `model.json` and `weights.bin`). */
export const TRAINER_STATE_FILE = 'trainer.json';

const trainerStateSchema = z.object({
  format: z.literal('qstore-train-checkpoint'),
  version: z.literal(1),
  /** The next batch to run: `batch === stepsPerEpoch` means the epoch still has to be closed. */
  position: z.object({
    epoch: z.number().int(),
    batch: z.number().int(),
    globalStep: z.number().int(),
  }),
  fit: z.object({
    epochs: z.number(),
    batchSize: z.number(),
    seed: z.union([z.number(), z.string()]),
    shuffle: z.boolean(),
    samples: z.number(),
  }),
  rng: z.object({ epochStart: z.unknown(), step: z.unknown() }),
  optimizer: z.unknown(),
  scheduler: z.unknown().nullable(),
  epochTotals: z.record(z.string(), z.number()),
  history: z.array(z.record(z.string(), z.number().nullable())),
  /** The states of stateful callbacks, by name. */
  callbacks: z.record(z.string(), z.unknown()).default({}),
});

/** Everything besides the model that a checkpoint holds (JSON). */
export type TrainerState = z.infer<typeof trainerStateSchema>;

/** A checkpoint read back: architecture, weights and trainer state. */
export interface LoadedCheckpoint {
  readonly dir: string;
  readonly architecture: ModelArchitecture;
  readonly weights: Float64Array;
  readonly state: TrainerState;
  /** The fitted preprocessing the checkpoint carries (`[]` when none). */
  readonly preprocessing: readonly PreprocessingStep[];
}

/**
 * Writes a complete checkpoint to `dir`: everything goes into a temporary sibling folder first,
 * which is renamed into place only when complete. An existing checkpoint at `dir` is replaced
 * only after the new one is complete, so a failed save never destroys a good checkpoint.
 */
export async function writeCheckpoint(
  dir: string,
  contents: {
    model: Model;
    state: TrainerState;
    preprocessing?: readonly PreprocessingStep[] | undefined;
  },
): Promise<void> {
  // Refuse bad preprocessing before anything is written.
  const preprocessing =
    contents.preprocessing === undefined
      ? {}
      : { preprocessing: normalizePreprocessing(contents.preprocessing) };
  const parent = dirname(dir);
  await mkdir(parent, { recursive: true });
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const temp = join(parent, `.tmp-${basename(dir)}-${tag}`);
  try {
    await mkdir(temp);
    await saveModel(contents.model, temp, preprocessing);
    await writeFileAtomic(join(temp, TRAINER_STATE_FILE), `${JSON.stringify(contents.state)}\n`);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    if (error instanceof StorageError) throw error;
    throw new StorageError('IO_ERROR', `checkpoint ${dir} could not be written: ${String(error)}`, {
      scope: SCOPE,
      cause: error,
    });
  }
  const exists = await stat(dir).then(
    () => true,
    () => false,
  );
  const old = join(parent, `.old-${basename(dir)}-${tag}`);
  if (exists) await rename(dir, old);
  await rename(temp, dir);
  if (exists) await rm(old, { recursive: true, force: true });
}

/** Reads and checks one checkpoint folder. */
export async function readCheckpoint(dir: string): Promise<LoadedCheckpoint> {
  const { architecture, weights, preprocessing } = await readSavedModel(dir);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(join(dir, TRAINER_STATE_FILE), 'utf8'));
  } catch (error) {
    throw new FormatError(
      'CORRUPT_DATA',
      `${join(dir, TRAINER_STATE_FILE)} is missing or not JSON`,
      {
        scope: SCOPE,
        cause: error,
      },
    );
  }
  const state = parseWithSchema(trainerStateSchema, json, {
    scope: SCOPE,
    what: TRAINER_STATE_FILE,
  });
  return { dir, architecture, weights, state, preprocessing };
}

/** Whether position `a` comes after `b`: more steps, or the same steps with the epoch closed. */
function isAhead(a: TrainerState['position'], b: TrainerState['position']): boolean {
  return a.globalStep !== b.globalStep ? a.globalStep > b.globalStep : a.epoch > b.epoch;
}

/**
 * The most advanced complete checkpoint under `root` (or `root` itself when it is a checkpoint):
 * the readable one with the highest global step. Torn or corrupt folders are skipped.
 */
export async function findLatestCheckpoint(root: string): Promise<LoadedCheckpoint> {
  const direct = await readCheckpoint(root).catch(() => undefined);
  if (direct !== undefined) return direct;
  const entries = await readdir(root, { withFileTypes: true }).catch((error: unknown) => {
    throw new NotFoundError('NOT_FOUND', `checkpoint folder ${root} does not exist`, {
      scope: SCOPE,
      cause: error,
    });
  });
  let best: LoadedCheckpoint | undefined;
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.tmp-')) continue;
    const candidate = await readCheckpoint(join(root, entry.name)).catch(() => undefined);
    if (candidate && (!best || isAhead(candidate.state.position, best.state.position))) {
      best = candidate;
    }
  }
  if (best === undefined) {
    throw new NotFoundError('NOT_FOUND', `no complete checkpoint under ${root}`, { scope: SCOPE });
  }
  return best;
}
