/**
 * Serves the portal's static build, its `config.json`, the polls' metadata files and the demonstration's sample
 * documents. The page needs nothing else: any static web server (or a CDN) can host `portal/dist` with a
 * `config.json` and a `polls/` folder beside it.
 */
import { readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, join, normalize, resolve, sep } from "node:path";

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
};

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
    const headers = { "cache-control": "no-store", "x-content-type-options": "nosniff" };
    if (pathname === "/config.json") {
      response.writeHead(200, { ...headers, "content-type": TYPES[".json"] }).end(configBody);
      return;
    }
    let file: string | undefined;
    if (pathname.startsWith("/samples/") && samplesDir !== undefined) {
      file = fileUnder(samplesDir, pathname.slice("/samples/".length));
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
    const body = readFileSync(file);
    response.writeHead(200, { ...headers, "content-type": type, "content-length": body.length });
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
