import {
  NetworkError,
  NotFoundError,
  type QStoreError,
  StateError,
  ValidationError,
} from '@qstore/core';

const SCOPE = 'track/mlflow';

/**
 * Turns an MLflow error answer into a typed error: `error_code` when the body is JSON
 * (`{error_code, message}`), otherwise the HTTP status (plain-text 401s, HTML 500s, bare 404s).
 */
export function mlflowError(status: number, body: string, where: string): QStoreError {
  let code: string | undefined;
  let message = body.slice(0, 500);
  try {
    const parsed = JSON.parse(body) as { error_code?: unknown; message?: unknown };
    if (typeof parsed.error_code === 'string') code = parsed.error_code;
    if (typeof parsed.message === 'string') message = parsed.message;
  } catch {
    // not JSON: map by status below
  }
  const text = `${where}: server answered ${status}${code === undefined ? '' : ` ${code}`}: ${message}`;
  const options = { scope: SCOPE, details: { status, errorCode: code, body: body.slice(0, 2000) } };
  if (code === 'INVALID_PARAMETER_VALUE' || code === 'BAD_REQUEST')
    return new ValidationError('INVALID_ARGUMENT', text, options);
  if (code === 'RESOURCE_ALREADY_EXISTS' || code === 'ALREADY_EXISTS')
    return new StateError('ALREADY_EXISTS', text, options);
  if (code === 'INVALID_STATE') return new StateError('INVALID_STATE', text, options);
  if (
    code === 'RESOURCE_DOES_NOT_EXIST' ||
    code === 'NOT_FOUND' ||
    code === 'ENDPOINT_NOT_FOUND' ||
    (code === undefined && status === 404)
  )
    return new NotFoundError('NOT_FOUND', text, options);
  if (
    status === 401 ||
    status === 403 ||
    code === 'UNAUTHENTICATED' ||
    code === 'PERMISSION_DENIED'
  )
    return new NetworkError('AUTH_ERROR', text, options);
  if (status === 408 || code === 'DEADLINE_EXCEEDED')
    return new NetworkError('TIMEOUT', text, options);
  if (code === undefined && status === 400)
    return new ValidationError('INVALID_ARGUMENT', text, options);
  return new NetworkError('HTTP_ERROR', text, options);
}
