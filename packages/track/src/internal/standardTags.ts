import { randomInt } from 'node:crypto';
import { userInfo } from 'node:os';
import { basename } from 'node:path';

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

/** The tags the MLflow Python client sets on every run it creates. */
export function standardTags(options: {
  runName: string;
  parentRunId?: string | undefined;
}): Record<string, string> {
  return {
    'mlflow.user': currentUser(),
    'mlflow.source.name': basename(process.argv[1] ?? 'node'),
    'mlflow.source.type': 'LOCAL',
    'mlflow.runName': options.runName,
    ...(options.parentRunId === undefined ? {} : { 'mlflow.parentRunId': options.parentRunId }),
  };
}
