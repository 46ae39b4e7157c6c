// A real MLflow-compatible tracking server for tests and benches, written from the spec (§2):
// node:http on 127.0.0.1, storing into the same file-store layout through FileStore.

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { isQStoreError } from '@qstore/core';
import { encodeJson } from '../src/mlflow/schemas.js';
import { FileStore } from '../src/store/fileStore.js';
import { HttpFailure, mlflowRoutes, toFailure } from './mlflowRoutes.js';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  bodyBytes: number;
  json: Record<string, unknown> | undefined;
}

export interface MlflowTestServer {
  url: string;
  store: FileStore;
  requests: RecordedRequest[];
  /** The next `count` requests get this status (plain text, optional Retry-After in seconds). */
  failNext(count: number, status: number, retryAfterSeconds?: number): void;
  close(): Promise<void>;
}

export async function startMlflowServer(options: {
  root: string;
  auth?: { username: string; password: string };
  artifactsDir?: string;
  port?: number;
}): Promise<MlflowTestServer> {
  const store = await FileStore.open(options.root);
  const requests: RecordedRequest[] = [];
  const failures: { status: number; retryAfter?: number }[] = [];
  const proxied = options.artifactsDir !== undefined;

  const routes = mlflowRoutes(store, options.artifactsDir);

  const send = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    const text = typeof body === 'string' ? body : encodeJson(body);
    res.writeHead(status, {
      'content-type': typeof body === 'string' ? 'text/plain' : 'application/json',
      ...headers,
    });
    res.end(text);
  };

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    let json: Record<string, unknown> | undefined;
    if (req.method === 'POST') {
      try {
        json = JSON.parse(raw.toString('utf8') || '{}');
      } catch {
        json = undefined;
      }
    }
    requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      bodyBytes: raw.length,
      json,
    });
    try {
      const failure = failures.shift();
      if (failure !== undefined)
        return send(
          res,
          failure.status,
          'The server is temporarily unavailable',
          failure.retryAfter === undefined ? {} : { 'retry-after': String(failure.retryAfter) },
        );
      if (options.auth !== undefined) {
        const expected = `Basic ${Buffer.from(`${options.auth.username}:${options.auth.password}`).toString('base64')}`;
        if (req.headers.authorization !== expected)
          return send(
            res,
            401,
            'You are not authenticated. Please see the documentation for details.',
            { 'www-authenticate': 'Basic realm="mlflow"' },
          );
      }
      if (url.pathname === '/health') return send(res, 200, 'OK');
      const artifactPrefix = '/api/2.0/mlflow-artifacts/artifacts/';
      if (proxied && url.pathname.startsWith(artifactPrefix)) {
        const rel = decodeURIComponent(url.pathname.slice(artifactPrefix.length));
        if (rel.split('/').includes('..'))
          throw new HttpFailure(400, 'INVALID_PARAMETER_VALUE', 'Invalid path');
        const file = join(options.artifactsDir!, rel);
        if (req.method === 'PUT') {
          await mkdir(dirname(file), { recursive: true });
          await writeFile(file, raw);
          return send(res, 200, {});
        }
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        return res.end(await readFile(file));
      }
      const route = routes[`${req.method} ${url.pathname.replace('/api/2.0/mlflow/', '')}`];
      if (route === undefined)
        return send(res, 404, {
          error_code: 'ENDPOINT_NOT_FOUND',
          message: `No route for ${req.method} ${url.pathname}`,
        });
      if (req.method === 'POST') {
        if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
          throw new HttpFailure(
            400,
            'INVALID_PARAMETER_VALUE',
            'Expected Content-Type application/json',
          );
        if (raw.length > 1_000_000)
          throw new HttpFailure(400, 'INVALID_PARAMETER_VALUE', 'Request body too large');
        if (json === undefined) throw new HttpFailure(400, 'MALFORMED_REQUEST', 'Body is not JSON');
      }
      return send(res, 200, await route(url.searchParams, json ?? {}));
    } catch (error) {
      const failure =
        error instanceof HttpFailure
          ? error
          : isQStoreError(error)
            ? toFailure(error)
            : new HttpFailure(500, 'INTERNAL_ERROR', String(error));
      return send(res, failure.status, { error_code: failure.errorCode, message: failure.message });
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    requests,
    failNext(count, status, retryAfter) {
      for (let i = 0; i < count; i++)
        failures.push({ status, ...(retryAfter === undefined ? {} : { retryAfter }) });
    },
    close: () =>
      new Promise<void>((resolve) => {
        store.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
