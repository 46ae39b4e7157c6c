import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** Keras' `hash_algorithm="auto"`: 64 hex digits mean sha256, anything else md5. */
export function hashAlgorithmOf(expected: string): 'sha256' | 'md5' {
  return expected.length === 64 ? 'sha256' : 'md5';
}

/** The hex digest of a file, streamed. */
export async function hashFile(path: string, algorithm: 'sha256' | 'md5'): Promise<string> {
  const hash = createHash(algorithm);
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
