import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type FixtureServer, startFixtureServer } from './fixtureServer.js';
import { fixturePath } from './fixtures.js';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) =>
    statSync(join(dir, name)).isDirectory() ? walk(join(dir, name)) : [join(dir, name)],
  );
}

/**
 * A stand-in for the Hugging Face Hub on 127.0.0.1 with its URL layout: the tree API (one entry per
 * page, linked with `Link: rel="next"`, LFS sha256 and sizes) and `/datasets/<id>/resolve/<rev>/…`
 * with range requests, for `zalando-datasets/fashion_mnist` at `main`. `gated/fashion` needs the
 * token `hf_secret`.
 */
export async function startHubServer(): Promise<FixtureServer> {
  const root = fixturePath('hf', 'zalando-datasets', 'fashion_mnist');
  const entries = walk(root).map((file) => {
    const bytes = readFileSync(file);
    const oid = createHash('sha256').update(bytes).digest('hex');
    return {
      type: 'file',
      path: relative(root, file),
      size: 134,
      oid: 'git-sha',
      lfs: { oid, size: bytes.length, pointerSize: 134 },
    };
  });
  let origin = '';
  const server = await startFixtureServer(
    {
      '/datasets/zalando-datasets/fashion_mnist/resolve/main/': root,
      '/datasets/gated/fashion/resolve/main/': root,
    },
    (req, res, url) => {
      const tree =
        /^\/api\/datasets\/(zalando-datasets\/fashion_mnist|gated\/fashion)\/tree\/main$/.exec(
          url.pathname,
        );
      if (url.pathname.startsWith('/datasets/gated/') || tree?.[1] === 'gated/fashion') {
        if (req.headers.authorization !== 'Bearer hf_secret') {
          res.writeHead(401).end('{"error":"Access to dataset gated/fashion is restricted"}');
          return true;
        }
      }
      if (tree === null) return false;
      const page = Number(url.searchParams.get('cursor') ?? '0');
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (page + 1 < entries.length)
        headers['link'] =
          `<${origin}${url.pathname}?recursive=true&cursor=${page + 1}>; rel="next"`;
      res.writeHead(200, headers).end(JSON.stringify([entries[page]]));
      return true;
    },
  );
  origin = server.origin;
  return server;
}
