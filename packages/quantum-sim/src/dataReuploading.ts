import type { Circuit } from './circuit.js';

/** Options of {@link dataReuploading}. */
export interface DataReuploadingOptions {
  /** The encoding block (its inputs are the features). */
  readonly encoding: Circuit;
  /** Builds the trainable block of layer `l`; use distinct weight names per layer. */
  readonly trainable: (layer: number) => Circuit;
  readonly layers: number;
}

/**
 * Data re-uploading (Pérez-Salinas et al., 2020): the encoding block and a trainable block,
 * alternated `layers` times, so that features enter the circuit repeatedly.
 */
export function dataReuploading(options: DataReuploadingOptions): Circuit {
  let circuit = options.encoding.compose(options.trainable(0));
  for (let layer = 1; layer < options.layers; layer++) {
    circuit = circuit.compose(options.encoding).compose(options.trainable(layer));
  }
  return circuit;
}
