/**
 * Serves the portal's static build, its `config.json`, the polls' metadata files and the demonstration's sample
 * documents. The page needs nothing else: any static web server (or a CDN) can host `portal/dist` with a
 * `config.json` and a `polls/` folder beside it.
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

import type { PortalConfig } from "../../portal/src/config.js";

const TYPES: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".pdf": "application/pdf",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".wasm": "application/wasm",
  ".zkey": "application/octet-stream",
};

/** Types worth compressing: text. PDFs and images are compressed already. */
const COMPRESSIBLE = new Set([".html", ".js", ".css", ".json", ".svg"]);

/** A file as served: its bytes, compressed forms and entity tag, kept while its modification time stays. */
interface ServedFile {
  readonly mtimeMs: number;
  readonly body: Buffer;
  readonly etag: string;
  readonly gzip?: Buffer;
  readonly br?: Buffer;
}

const served = new Map<string, ServedFile>();

function servedFile(path: string): ServedFile {
  const { mtimeMs } = statSync(path);
  const known = served.get(path);
  if (known !== undefined && known.mtimeMs === mtimeMs) return known;
  const body = readFileSync(path);
  const compress = COMPRESSIBLE.has(extname(path)) && body.length > 1024;
  const file: ServedFile = {
    mtimeMs,
    body,
    etag: `"${createHash("sha256").update(body).digest("base64url").slice(0, 22)}"`,
    gzip: compress ? gzipSync(body, { level: 9 }) : undefined,
    br: compress ? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }) : undefined,
  };
  served.set(path, file);
  return file;
}

/** The encoding the client accepts that the file has: brotli, then gzip, else none. */
function encodingFor(request: IncomingMessage, file: ServedFile): "br" | "gzip" | undefined {
  const accepted = String(request.headers["accept-encoding"] ?? "");
  if (file.br !== undefined && /\bbr\b/.test(accepted)) return "br";
  if (file.gzip !== undefined && /\bgzip\b/.test(accepted)) return "gzip";
  return undefined;
}

/**
 * How long a browser may keep a file: the build's assets have the hash of their content in their name, so they are
 * kept a year and never asked again; everything else (the page, config.json, polls, samples) is asked again each time
 * and answered "not modified" when it has not changed.
 */
function cacheControl(pathname: string): string {
  return /^\/assets\/.+-[A-Za-z0-9_-]{8,}\.(js|css)$/.test(pathname)
    ? "public, max-age=31536000, immutable"
    : "no-cache";
}

/** The parameters of {@link servePortal}. */
export interface ServePortalParameters {
  /** The built page (`portal/dist`). */
  readonly distDir: string;
  /** What `config.json` answers. */
  readonly config: PortalConfig;
  /** The folder served under `samples/`, if any. */
  readonly samplesDir?: string;
  /** The folder served under `polls/`: each poll's published question and options, `<pollId>.json`. */
  readonly pollsDir?: string;
  /** The folder served under `circuits/`: the Semaphore circuit files (`semaphore-<depth>.wasm`, `.zkey`). */
  readonly circuitsDir?: string;
  readonly port: number;
  readonly host?: string;
}

/** A running server. */
export interface PortalServer {
  readonly url: string;
  close(): Promise<void>;
}

/** The file under `root` that `urlPath` names, or undefined when it leaves `root` or does not exist. */
function fileUnder(root: string, urlPath: string): string | undefined {
  const base = resolve(root);
  const path = resolve(base, `.${normalize(`/${urlPath}`)}`);
  if (path !== base && !path.startsWith(`${base}${sep}`)) return undefined;
  try {
    return statSync(path).isFile() ? path : undefined;
  } catch {
    return undefined;
  }
}

/** Starts serving the portal; resolves once it listens. */
export function servePortal({
  distDir,
  config,
  samplesDir,
  pollsDir,
  circuitsDir,
  port,
  host = "127.0.0.1",
}: ServePortalParameters) {
  const configBody = `${JSON.stringify(config, null, 2)}\n`;
  const server: Server = createServer((request, response) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    } catch {
      response.writeHead(400).end();
      return;
    }
    const headers = { "cache-control": "no-cache", "x-content-type-options": "nosniff" };
    if (pathname === "/config.json") {
      response.writeHead(200, { ...headers, "content-type": TYPES[".json"] }).end(configBody);
      return;
    }
    let file: string | undefined;
    if (pathname.startsWith("/samples/") && samplesDir !== undefined) {
      file = fileUnder(samplesDir, pathname.slice("/samples/".length));
    } else if (pathname.startsWith("/circuits/") && circuitsDir !== undefined) {
      const name = pathname.slice("/circuits/".length);
      file = /^semaphore-[0-9]{1,2}\.(wasm|zkey)$/.test(name) ? fileUnder(circuitsDir, name) : undefined;
    } else if (pathname.startsWith("/polls/") && pollsDir !== undefined) {
      file = fileUnder(pollsDir, pathname.slice("/polls/".length));
    } else {
      file = fileUnder(distDir, pathname === "/" ? "index.html" : pathname.slice(1));
    }
    if (file === undefined) {
      response.writeHead(404, { ...headers, "content-type": "text/plain; charset=utf-8" }).end("not found\n");
      return;
    }
    const type = TYPES[extname(file)] ?? "application/octet-stream";
    const entry = servedFile(file);
    const fileHeaders = {
      ...headers,
      "cache-control": cacheControl(pathname),
      etag: entry.etag,
      vary: "accept-encoding",
    };
    if (request.headers["if-none-match"] === entry.etag) {
      response.writeHead(304, fileHeaders).end();
      return;
    }
    const encoding = encodingFor(request, entry);
    const body = encoding === undefined ? entry.body : entry[encoding]!;
    response.writeHead(200, {
      ...fileHeaders,
      "content-type": type,
      "content-length": body.length,
      ...(encoding === undefined ? {} : { "content-encoding": encoding }),
    });
    response.end(request.method === "HEAD" ? undefined : body);
  });
  return new Promise<PortalServer>((resolvePromise, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`port ${port} is in use; choose another with EGOV_PORTAL_PORT`, { cause: error })
          : error,
      ),
    );
    server.listen(port, host, () => {
      const address = server.address();
      const actual = typeof address === "object" && address !== null ? address.port : port;
      resolvePromise({
        url: `http://${host}:${actual}/`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

/** The path of the built page inside the project. */
export function portalDist(projectRoot: string): string {
  return join(projectRoot, "portal", "dist");
}
