import fs from 'node:fs';
import path from 'node:path';

/**
 * Calls run one way — adapters → services → gateway, stores, identity —
 * and nothing imports back up or in a circle. A rank per top-level folder
 * of `src`; a file may import its own rank or a lower one (a higher number).
 */
const RANKS: Record<string, number> = {
  '.': 0,
  actions: 1,
  http: 1,
  services: 2,
  writes: 3,
  reads: 3,
  events: 3,
  audit: 4,
  permissions: 4,
  idempotency: 4,
  jobs: 4,
  notifications: 4,
  jenkins: 5,
  identity: 5,
  config: 6,
  database: 6,
  validation: 6,
};

const SRC = __dirname;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === '__testUtils__' ? [] : sourceFiles(full);
    }
    return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)
      ? [full]
      : [];
  });
}

function resolveImport(from: string, spec: string): string | undefined {
  const base = path.resolve(path.dirname(from), spec);
  return [`${base}.ts`, path.join(base, 'index.ts')].find(f =>
    fs.existsSync(f),
  );
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/from '(\.{1,2}\/[^']+)'/g)].map(m => m[1]);
  return specs
    .map(spec => resolveImport(file, spec))
    .filter((f): f is string => f !== undefined);
}

function folderOf(file: string): string {
  const relative = path.relative(SRC, file);
  return relative.includes(path.sep) ? relative.split(path.sep)[0] : '.';
}

const files = sourceFiles(SRC);
const graph = new Map(files.map(file => [file, importsOf(file)]));

describe('the backend layout', () => {
  it('gives every source folder a layer', () => {
    const unranked = [...new Set(files.map(folderOf))].filter(
      folder => RANKS[folder] === undefined,
    );
    expect(unranked).toEqual([]);
  });

  it('never imports from a higher layer', () => {
    const upward = files.flatMap(file =>
      graph
        .get(file)!
        .filter(target => RANKS[folderOf(target)] < RANKS[folderOf(file)])
        .map(
          target =>
            `${path.relative(SRC, file)} → ${path.relative(SRC, target)}`,
        ),
    );
    expect(upward).toEqual([]);
  });

  it('has no circular import', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (file: string, trail: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        const cycle = trail.slice(trail.indexOf(file));
        cycles.push(
          [...cycle, file].map(f => path.relative(SRC, f)).join(' → '),
        );
        return;
      }
      state.set(file, 'visiting');
      for (const target of graph.get(file) ?? []) {
        visit(target, [...trail, file]);
      }
      state.set(file, 'done');
    };
    files.forEach(file => visit(file, []));
    expect(cycles).toEqual([]);
  });

  it('keeps every source file under 350 lines', () => {
    const long = files
      .map(file => ({
        file: path.relative(SRC, file),
        lines: fs.readFileSync(file, 'utf8').split('\n').length,
      }))
      .filter(({ lines }) => lines > 350);
    expect(long).toEqual([]);
  });
});
