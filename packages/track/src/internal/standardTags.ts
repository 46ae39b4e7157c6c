import { randomInt } from 'node:crypto';
import { userInfo } from 'node:os';
import { basename, dirname, resolve } from 'node:path';
import { gitCommit } from './gitCommit.js';

const ADJECTIVES = [
  'amber',
  'brave',
  'calm',
  'clever',
  'bold',
  'quiet',
  'swift',
  'bright',
  'gentle',
  'keen',
  'lucid',
  'merry',
];
const NOUNS = [
  'qubit',
  'photon',
  'gate',
  'ansatz',
  'spin',
  'wave',
  'boson',
  'lattice',
  'orbit',
  'field',
  'pulse',
  'phase',
];

/** A readable run name like MLflow's default (`<adjective>-<noun>-<0..999>`, ≤ 20 characters). */
export function defaultRunName(): string {
  return `${ADJECTIVES[randomInt(ADJECTIVES.length)]}-${NOUNS[randomInt(NOUNS.length)]}-${randomInt(1000)}`;
}

/** The OS user, or `MLFLOW_TRACKING_USERNAME` when set (as the Python client does). */
export function currentUser(): string {
  const fromEnv = process.env['MLFLOW_TRACKING_USERNAME'];
  if (fromEnv) return fromEnv;
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** The tags the MLflow Python client sets on every run it creates (the git commit when in a repository). */
export function standardTags(options: {
  runName: string;
  parentRunId?: string | undefined;
}): Record<string, string> {
  const script = process.argv[1];
  const commit = gitCommit(script === undefined ? process.cwd() : dirname(resolve(script)));
  return {
    ...(commit === undefined ? {} : { 'mlflow.source.git.commit': commit }),
    'mlflow.user': currentUser(),
    'mlflow.source.name': basename(process.argv[1] ?? 'node'),
    'mlflow.source.type': 'LOCAL',
    'mlflow.runName': options.runName,
    ...(options.parentRunId === undefined ? {} : { 'mlflow.parentRunId': options.parentRunId }),
  };
}
