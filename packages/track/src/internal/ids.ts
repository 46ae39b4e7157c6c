import { randomBytes, randomUUID } from 'node:crypto';

/** A run id as MLflow makes it: uuid4 as 32 lowercase hex characters. */
export function newRunId(): string {
  return randomUUID().replaceAll('-', '');
}

/**
 * An experiment id as MLflow's file store makes it: 18 decimal digits without a leading zero
 * (SQL backends and `migrate-filestore` need integer ids).
 */
export function newExperimentId(): string {
  const bytes = randomBytes(18);
  let id = String(1 + (bytes[0]! % 9));
  for (let i = 1; i < 18; i++) id += String(bytes[i]! % 10);
  return id;
}
