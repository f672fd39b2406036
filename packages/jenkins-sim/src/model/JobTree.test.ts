import { validateScenario } from '../scenario/loadScenario';
import { JobTree } from './JobTree';

function tree(jobs: Array<{ name: string; type: string; branches?: any[] }>) {
  const scenario = validateScenario({ jobs });
  return new JobTree(scenario, 0, id => id);
}

describe('JobTree', () => {
  // jenkinsci/jenkins Jenkins#getItem and jenkinsci/cloudbees-folder-plugin
  // AbstractFolder#getItem: `items` is a CopyOnWriteMap.Tree over
  // String.CASE_INSENSITIVE_ORDER.
  it('finds items ignoring case and keeps their real names', () => {
    const t = tree([{ name: 'Payments/Deploy-Staging', type: 'freestyle' }]);
    const item = t.find('PAYMENTS/deploy-staging');
    expect(item?.fullName).toBe('Payments/Deploy-Staging');
    expect(JobTree.child(t.root, 'payments')?.name).toBe('Payments');
  });

  // jenkinsci/branch-api-plugin MultiBranchProject#getItem: the name as
  // given, then NameEncoder.decode (when it holds '%'), then encode.
  it('finds branch jobs by encoded, decoded and double-encoded names', () => {
    const t = tree([
      {
        name: 'repo',
        type: 'multibranch',
        branches: [{ name: 'feature/X' }],
      },
    ]);
    const repo = JobTree.child(t.root, 'repo')! as any;
    expect(JobTree.lookup(repo, 'feature%2FX')?.as).toBe('feature%2FX');
    expect(JobTree.lookup(repo, 'FEATURE/x')?.as).toBe('FEATURE%2Fx');
    expect(JobTree.lookup(repo, 'feature%252FX')?.as).toBe('feature%2FX');
    expect(JobTree.lookup(repo, 'feature%2Fy')).toBeUndefined();
  });

  it('lists children sorted like String.CASE_INSENSITIVE_ORDER', () => {
    const t = tree(
      ['b', 'C', 'a', '_z', 'A1'].map(n => ({
        name: `f/${n}`,
        type: 'freestyle',
      })),
    );
    const f = JobTree.child(t.root, 'f') as any;
    expect([...f.children.values()].map((i: any) => i.name)).toEqual([
      '_z',
      'a',
      'A1',
      'b',
      'C',
    ]);
  });
});
