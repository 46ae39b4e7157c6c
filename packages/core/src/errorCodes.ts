/**
 * Every stable error code Q-Store raises, grouped by the `QStoreError` subclass that carries it.
 * Codes never change meaning once published; new codes are only added.
 */
export const ERROR_CODES = {
  /** Bad input from a caller: an option, a config, a shape, a value. {@link ValidationError} */
  validation: [
    'INVALID_ARGUMENT',
    'INVALID_CONFIG',
    'INVALID_NAME',
    'SHAPE_MISMATCH',
    'DTYPE_MISMATCH',
    'NON_FINITE',
    'LABEL_OUT_OF_RANGE',
    'INVALID_QUBIT',
    'UNBOUND_PARAMETER',
    'NOT_UNITARY',
  ],
  /** Bytes that are not what they claim to be: corrupt, unsupported or unsafe files and bodies. {@link FormatError} */
  format: ['CORRUPT_DATA', 'UNSUPPORTED_FORMAT', 'PARSE_ERROR', 'UNSAFE_INPUT', 'HASH_MISMATCH'],
  /** Something named that does not exist. {@link NotFoundError} */
  notFound: ['NOT_FOUND', 'UNKNOWN_PLUGIN'],
  /** Talking to another process failed. {@link NetworkError} */
  network: ['NETWORK_ERROR', 'HTTP_ERROR', 'TIMEOUT', 'AUTH_ERROR', 'OFFLINE'],
  /** Work that would exceed a limit of memory, size or count. {@link ResourceError} */
  resource: ['RESOURCE_LIMIT'],
  /** An operation that does not fit the current state of an object or store. {@link StateError} */
  state: ['INVALID_STATE', 'ALREADY_EXISTS', 'CONFLICT', 'ABORTED', 'CHECKPOINT_MISMATCH'],
  /** Reading or writing persistent storage failed. {@link StorageError} */
  storage: ['IO_ERROR', 'STORAGE_ERROR'],
} as const;

/** The families of error codes, one per `QStoreError` subclass. */
export type ErrorFamily = keyof typeof ERROR_CODES;

/** The codes of one family. */
export type ErrorCodeOf<F extends ErrorFamily> = (typeof ERROR_CODES)[F][number];

/** Every stable Q-Store error code. */
export type ErrorCode = ErrorCodeOf<ErrorFamily>;

const familyByCode = new Map<string, ErrorFamily>(
  (Object.keys(ERROR_CODES) as ErrorFamily[]).flatMap((family) =>
    ERROR_CODES[family].map((code) => [code, family] as const),
  ),
);

/** Whether `value` is one of the stable Q-Store error codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && familyByCode.has(value);
}

/** The family (and so the `QStoreError` subclass) a code belongs to. */
export function errorFamilyOf(code: ErrorCode): ErrorFamily {
  return familyByCode.get(code)!;
}
