import { NetworkError, ValidationError } from '@qstore/core';
import ky, { HTTPError, type KyInstance, TimeoutError } from 'ky';
import type { z } from 'zod';
import { authorizationHeader, type Env } from './auth.js';
import { mlflowError } from './httpErrors.js';

const SCOPE = 'track/mlflow';

/** Retry and timeout settings (the Python client's `MLFLOW_HTTP_REQUEST_*` variables). */
export interface HttpOptions {
  /** The server, e.g. `http://127.0.0.1:5000`. */
  trackingUri: string;
  /** @default process.env */
  env?: Env;
  /** Where `~/.mlflow/credentials` is. */
  credentialsPath?: string;
  /** @default MLFLOW_HTTP_REQUEST_MAX_RETRIES ?? 7 */
  maxRetries?: number;
  /** First retry delay in ms, doubled each retry (Retry-After wins when sent). @default MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR (2) × 1000 */
  backoffMs?: number;
  /** Longest wait between retries in ms. @default 120000 */
  maxBackoffMs?: number;
  /** Per-request timeout in ms. @default MLFLOW_HTTP_REQUEST_TIMEOUT (120) × 1000 */
  timeoutMs?: number;
}

const num = (value: string | undefined): number | undefined =>
  value === undefined || value === '' ? undefined : Number(value);

/**
 * JSON over HTTP to an MLflow server on ky: auth header from the environment, retries with
 * exponential backoff on 408/429/5xx and network errors honouring `Retry-After`, a timeout, and
 * typed errors. Responses are validated with zod.
 */
export class MlflowHttp {
  readonly trackingUri: string;
  readonly #ky: KyInstance;

  constructor(options: HttpOptions) {
    const env = options.env ?? process.env;
    let url: URL;
    try {
      url = new URL(options.trackingUri);
    } catch (cause) {
      throw new ValidationError(
        'INVALID_CONFIG',
        `tracking URI ${JSON.stringify(options.trackingUri)}: expected an http(s) URL`,
        { scope: SCOPE, cause },
      );
    }
    this.trackingUri = url.href.replace(/\/+$/, '');
    const backoff =
      options.backoffMs ?? (num(env['MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR']) ?? 2) * 1000;
    const maxBackoff = options.maxBackoffMs ?? 120_000;
    const auth = authorizationHeader(env, options.credentialsPath);
    this.#ky = ky.create({
      prefixUrl: this.trackingUri,
      timeout: options.timeoutMs ?? (num(env['MLFLOW_HTTP_REQUEST_TIMEOUT']) ?? 120) * 1000,
      headers: auth === undefined ? {} : { authorization: auth },
      retry: {
        limit: options.maxRetries ?? num(env['MLFLOW_HTTP_REQUEST_MAX_RETRIES']) ?? 7,
        methods: ['get', 'post', 'put', 'delete', 'patch'],
        statusCodes: [408, 429, 500, 502, 503, 504],
        afterStatusCodes: [408, 429, 503],
        maxRetryAfter: maxBackoff,
        backoffLimit: maxBackoff,
        delay: (attempt) => backoff * 2 ** (attempt - 1),
      },
    });
  }

  async #send(
    method: 'get' | 'post' | 'put' | 'delete',
    path: string,
    init: Parameters<KyInstance['get']>[1],
  ): Promise<Response> {
    try {
      return await this.#ky(path, { ...init, method });
    } catch (error) {
      const where = `${method.toUpperCase()} ${this.trackingUri}/${path.split('?')[0]}`;
      if (error instanceof HTTPError) {
        const body = await error.response.text().catch(() => '');
        throw mlflowError(error.response.status, body, where);
      }
      if (error instanceof TimeoutError)
        throw new NetworkError('TIMEOUT', `${where}: no answer in time`, {
          scope: SCOPE,
          cause: error,
        });
      throw new NetworkError(
        'NETWORK_ERROR',
        `${where}: the server could not be reached (${(error as Error).message}); is it running?`,
        {
          scope: SCOPE,
          cause: error,
        },
      );
    }
  }

  async #json<S extends z.ZodType>(
    response: Response,
    schema: S,
    path: string,
  ): Promise<z.output<S>> {
    const text = await response.text();
    let body: unknown;
    try {
      body = text === '' ? {} : JSON.parse(text);
    } catch (cause) {
      throw new NetworkError(
        'HTTP_ERROR',
        `${path}: expected a JSON body, got ${JSON.stringify(text.slice(0, 80))}`,
        { scope: SCOPE, cause },
      );
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success)
      throw new NetworkError(
        'HTTP_ERROR',
        `${path}: unexpected response shape: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
        {
          scope: SCOPE,
        },
      );
    return parsed.data;
  }

  /** GET `/api/2.0/mlflow/<path>` with query parameters (arrays as repeated keys). */
  async get<S extends z.ZodType>(
    path: string,
    query: Record<string, string | number | readonly string[]>,
    schema: S,
  ): Promise<z.output<S>> {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query))
      for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item));
    const full = `api/2.0/mlflow/${path}`;
    return this.#json(await this.#send('get', `${full}?${params}`, {}), schema, full);
  }

  /** POST `/api/2.0/mlflow/<path>` with a JSON body (already encoded, so NaN/Inf can travel as strings). */
  async post<S extends z.ZodType>(path: string, body: string, schema: S): Promise<z.output<S>> {
    const full = `api/2.0/mlflow/${path}`;
    const response = await this.#send('post', full, {
      body,
      headers: { 'content-type': 'application/json' },
    });
    return this.#json(response, schema, full);
  }

  /** PUT raw bytes to a path under the server (proxied artifact upload). */
  async putBytes(path: string, data: Uint8Array | string): Promise<void> {
    await this.#send('put', path, {
      body: data,
      headers: { 'content-type': 'application/octet-stream' },
    });
  }

  /** GET raw bytes from a path under the server (proxied artifact download). */
  async getBytes(path: string): Promise<Uint8Array> {
    return new Uint8Array(await (await this.#send('get', path, {})).arrayBuffer());
  }
}
