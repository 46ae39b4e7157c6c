/** A report of progress in long work (a download, a parse, an epoch). */
export interface ProgressEvent {
  /** What is being done, e.g. `"download"`, `"decode"`, `"train"`. */
  readonly phase: string;
  /** Units done so far (bytes, rows, batches). */
  readonly done: number;
  /** Units in all, when known. */
  readonly total?: number;
  /** What is being worked on, e.g. a file name. */
  readonly item?: string;
}

/** Receives progress reports; must return quickly. */
export type ProgressListener = (event: ProgressEvent) => void;

/** Options every long-running operation accepts. */
export interface LongWorkOptions {
  /** Cancels the work; it then rejects with a `StateError` coded `ABORTED` and leaves nothing half-written. */
  signal?: AbortSignal;
  /** Receives progress reports. */
  onProgress?: ProgressListener;
}
