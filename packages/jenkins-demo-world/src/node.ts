import fs from 'node:fs';
import path from 'node:path';
import { DemoWorld, parseDemoWorld } from './index';

export type { DemoWorld } from './index';

/** The repository's `examples/` folder, where the demo world lives. */
export const EXAMPLES_DIR = path.resolve(__dirname, '../../../examples');

/** Reads every `*.yaml` file of `examples/` (in name order) into a fresh demo world. */
export function loadDemoWorld(dir: string = EXAMPLES_DIR): DemoWorld {
  const files = fs
    .readdirSync(dir)
    .filter(file => /\.ya?ml$/.test(file))
    .sort();
  return parseDemoWorld(
    ...files.map(file => fs.readFileSync(path.join(dir, file), 'utf8')),
  );
}
