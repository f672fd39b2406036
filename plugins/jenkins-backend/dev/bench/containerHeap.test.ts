import fs from 'node:fs';
import path from 'node:path';
import { CONTAINER_MEMORY_LIMIT } from './containerHeap';

describe('the bench backend heap', () => {
  it('is derived from the memory limit the example Helm values ship', () => {
    const values = fs.readFileSync(
      path.resolve(__dirname, '../../../../deploy/helm/values.example.yaml'),
      'utf8',
    );
    const limit = /\n(\s*)limits:\s*\n\1\s+memory:\s*(\S+)/.exec(values);
    expect(limit?.[2]).toBe(CONTAINER_MEMORY_LIMIT);
  });
});
