import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { HttpError } from './http.js';
import { sha256 } from '../util/hash.js';

/**
 * GET of the current build's files. Only paths listed in `out/manifest.json` are served (plus the
 * manifest itself), so no request path can reach outside `out/`. Media type and `ETag` (the
 * sha256) come from the manifest. `Last-Modified` is the manifest's mtime: the moment the current
 * build was swapped in, the same for every file of that build; it never goes backwards, unlike a
 * date taken from the articles (an unpublish would move it back and clients would keep stale
 * copies). `ETag` is the precise validator and wins when a client sends both.
 */
interface ManifestFile {
  path: string;
  mediaType: string;
  sha256: string;
}

interface ManifestSnapshot {
  key: string;
  /** The site URL the build was made for (the manifest's `baseUrl`), if it says. */
  baseUrl?: string;
  /** The path of the build's site URL (`/english/`): files are served under it, as on the site. */
  basePath: string;
  files: Map<string, ManifestFile>;
  lastModified: number;
  bytes: Uint8Array;
  sha256: string;
}

export const MANIFEST_PATH = 'manifest.json';

export class BuildFiles {
  private snapshot: ManifestSnapshot | undefined;

  constructor(readonly outDir: string) {}

  /** The manifest of `out/` as it is now (re-read when the build swapped it), or undefined with no build. */
  async manifest(): Promise<ManifestSnapshot | undefined> {
    const file = path.join(this.outDir, MANIFEST_PATH);
    let info;
    try {
      info = await stat(file);
    } catch {
      this.snapshot = undefined;
      return undefined;
    }
    const key = `${info.ino}:${info.size}:${info.mtimeMs}`;
    if (this.snapshot?.key === key) return this.snapshot;
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch {
      return undefined;
    }
    const parsed: unknown = JSON.parse(Buffer.from(bytes).toString('utf8'));
    const files = new Map<string, ManifestFile>();
    const list = typeof parsed === 'object' && parsed !== null && 'files' in parsed && Array.isArray(parsed.files) ? (parsed.files as unknown[]) : [];
    for (const entry of list) {
      if (isManifestFile(entry) && isSafeOutPath(entry.path)) files.set(entry.path, { path: entry.path, mediaType: entry.mediaType, sha256: entry.sha256 });
    }
    const baseUrl = typeof parsed === 'object' && parsed !== null && 'baseUrl' in parsed && typeof parsed.baseUrl === 'string' && URL.canParse(parsed.baseUrl) ? new URL(parsed.baseUrl) : undefined;
    const basePath = baseUrl?.pathname.endsWith('/') ? baseUrl.pathname : '/';
    this.snapshot = { key, ...(baseUrl ? { baseUrl: baseUrl.href } : {}), basePath, files, lastModified: Math.floor(info.mtimeMs / 1000) * 1000, bytes, sha256: sha256(bytes) };
    return this.snapshot;
  }

  forget(): void {
    this.snapshot = undefined;
  }

  /**
   * A GET/HEAD of `pathname`, as the site serves it: under the path of the build's site URL
   * (`/english/feeds/en/rss.xml`), a path ending in `/` is its `index.html`; a folder named
   * without its `/`, and `/` when the site lives below it, are redirected there (308).
   * Undefined when it names no file of the build.
   */
  async respond(request: Request, pathname: string): Promise<Response | undefined> {
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      throw new HttpError(400, 'bad-path', `The path ${JSON.stringify(pathname)} is not valid percent-encoding`);
    }
    // out/ may be swapped by a build between reading the manifest and the file: then read both again.
    for (let attempt = 0; attempt < 4; attempt++) {
      const manifest = await this.manifest();
      if (!manifest) {
        // Between a full build's two renames out/ is briefly absent: look again before answering 404.
        if (attempt === 3) return undefined;
        await new Promise((resolve) => setTimeout(resolve, 25 * (attempt + 1)));
        continue;
      }
      const { basePath } = manifest;
      if (!decoded.startsWith(basePath)) {
        return `${decoded}/` === basePath || decoded === '/' ? redirect(basePath) : undefined;
      }
      const rest = decoded.slice(basePath.length);
      const relative = rest === '' || rest.endsWith('/') ? `${rest}index.html` : rest;
      if (!isSafeOutPath(relative)) return undefined;
      if (relative === MANIFEST_PATH) {
        return fileResponse(request, manifest.bytes, { mediaType: 'application/json', sha256: manifest.sha256, lastModified: manifest.lastModified });
      }
      const entry = manifest.files.get(relative);
      if (!entry) return manifest.files.has(`${relative}/index.html`) ? redirect(`${pathname}/`) : undefined;
      const file = path.join(this.outDir, ...entry.path.split('/'));
      if (!file.startsWith(this.outDir + path.sep)) return undefined;
      let bytes: Uint8Array | undefined;
      try {
        bytes = await readFile(file);
      } catch {
        bytes = undefined;
      }
      if (bytes && sha256(bytes) === entry.sha256) {
        return fileResponse(request, bytes, { mediaType: entry.mediaType, sha256: entry.sha256, lastModified: manifest.lastModified });
      }
      this.forget();
      await new Promise((resolve) => setTimeout(resolve, 25 * (attempt + 1)));
    }
    throw new HttpError(503, 'build-changing', 'The build is being replaced: try again', { headers: { 'retry-after': '1' } });
  }
}

function redirect(location: string): Response {
  return new Response(null, { status: 308, headers: { location, 'cache-control': 'no-cache' } });
}

function fileResponse(request: Request, bytes: Uint8Array, meta: { mediaType: string; sha256: string; lastModified: number }): Response {
  const headers: Record<string, string> = {
    etag: `"${meta.sha256}"`,
    'last-modified': new Date(meta.lastModified).toUTCString(),
    'cache-control': 'no-cache',
  };
  if (notModified(request.headers, meta.sha256, meta.lastModified)) return new Response(null, { status: 304, headers });
  headers['content-type'] = meta.mediaType;
  headers['content-length'] = String(bytes.byteLength);
  return new Response(request.method === 'HEAD' ? null : bytes, { status: 200, headers });
}

/** RFC 9110 §13.1: If-None-Match (weak comparison) decides when present; else If-Modified-Since. */
export function notModified(headers: Headers, sha: string, lastModified: number): boolean {
  const ifNoneMatch = headers.get('if-none-match');
  if (ifNoneMatch !== null) {
    return ifNoneMatch.split(',').some((tag) => {
      const trimmed = tag.trim();
      return trimmed === '*' || trimmed.replace(/^W\//, '') === `"${sha}"`;
    });
  }
  const since = headers.get('if-modified-since');
  if (since === null) return false;
  const time = Date.parse(since);
  return Number.isFinite(time) && lastModified <= time;
}

/** A relative path of `/`-separated names: no `.`/`..`, empty or hidden-control segments, no backslashes. */
export function isSafeOutPath(value: string): boolean {
  if (value.length === 0 || value.length > 1024 || /[\\\0-\x1f]/.test(value)) return false;
  return value.split('/').every((segment) => segment.length > 0 && segment !== '.' && segment !== '..');
}

function isManifestFile(value: unknown): value is ManifestFile {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Record<string, unknown>;
  return typeof entry['path'] === 'string' && typeof entry['mediaType'] === 'string' && typeof entry['sha256'] === 'string';
}

