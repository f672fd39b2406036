/** Archived artifacts of a run (core `Run.getArtifacts`, `ArtifactArchiver`). */
import type { ArtifactEntry, Build } from './types';

/**
 * The artifacts a run shows: none while it runs (archiving happens in its
 * last steps), then what it archived — `onlyIfSuccessful` ones only for a
 * successful or unstable run.
 */
export function visibleArtifacts(build: Build): ArtifactEntry[] {
  if (build.result === null) return [];
  const ok = build.result === 'SUCCESS' || build.result === 'UNSTABLE';
  return (build.artifacts ?? []).filter(a => ok || !a.onlyIfSuccessful);
}

/**
 * `Run.Artifact.displayPath`: the file name, or the relative path where two
 * artifacts share a file name (core `Run.addArtifacts` collision handling,
 * simplified).
 */
export function displayPaths(artifacts: ArtifactEntry[]): Map<string, string> {
  const count = new Map<string, number>();
  const name = (p: string) => p.slice(p.lastIndexOf('/') + 1);
  for (const a of artifacts) {
    const n = name(a.relativePath);
    count.set(n, (count.get(n) ?? 0) + 1);
  }
  return new Map(
    artifacts.map(a => {
      const n = name(a.relativePath);
      return [a.relativePath, count.get(n)! > 1 ? a.relativePath : n];
    }),
  );
}

const TYPES: Record<string, string> = {
  jar: 'application/java-archive',
  war: 'application/java-archive',
  zip: 'application/zip',
  gz: 'application/gzip',
  tgz: 'application/gzip',
  json: 'application/json',
  xml: 'application/xml',
  html: 'text/html',
  htm: 'text/html',
  txt: 'text/plain',
  log: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  css: 'text/css',
  js: 'text/javascript',
  png: 'image/png',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  yaml: 'application/yaml',
  yml: 'application/yaml',
};

/** The servlet container's MIME mapping by extension (Jetty `MimeTypes`, simplified). */
export function contentTypeOf(path: string): string {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return TYPES[ext] ?? 'application/octet-stream';
}
