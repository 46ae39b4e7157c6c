import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize } from 'node:path';

/** A request the server saw. */
export interface SeenRequest {
  readonly url: string;
  readonly range?: string;
  readonly authorization?: string;
}

/** A handler for paths the static routes do not cover; return false to fall through to 404. */
export type ExtraHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;

/** A static file server on 127.0.0.1 with range requests, serving folders under URL prefixes. */
export interface FixtureServer {
  readonly origin: string;
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

function serveFile(req: IncomingMessage, res: ServerResponse, path: string): void {
  const size = statSync(path).size;
  const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
  if (range === null) {
    res.writeHead(200, { 'content-length': size, 'accept-ranges': 'bytes', etag: `"${size}"` });
    createReadStream(path).pipe(res);
    return;
  }
  const start = range[1] === '' ? size - Number(range[2]) : Number(range[1]);
  const end = range[1] !== '' && range[2] !== '' ? Math.min(Number(range[2]), size - 1) : size - 1;
  res.writeHead(206, {
    'content-length': end - start + 1,
    'content-range': `bytes ${start}-${end}/${size}`,
    'accept-ranges': 'bytes',
  });
  createReadStream(path, { start, end }).pipe(res);
}

/** Starts a server mapping URL prefixes (e.g. `/tensorflow/tf-keras-datasets/`) to folders. */
export async function startFixtureServer(
  routes: Record<string, string>,
  extra?: ExtraHandler,
): Promise<FixtureServer> {
  const requests: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({
      url: url.pathname + url.search,
      ...(req.headers.range ? { range: req.headers.range } : {}),
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    });
    if (extra?.(req, res, url) === true) return;
    for (const [prefix, folder] of Object.entries(routes)) {
      if (!url.pathname.startsWith(prefix)) continue;
      const rel = normalize(decodeURIComponent(url.pathname.slice(prefix.length)));
      if (rel.startsWith('..')) break;
      try {
        if (statSync(join(folder, rel)).isFile()) {
          serveFile(req, res, join(folder, rel));
          return;
        }
      } catch {
        // fall through to 404
      }
    }
    res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
