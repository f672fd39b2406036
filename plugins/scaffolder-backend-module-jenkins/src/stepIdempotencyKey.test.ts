import { idempotencyKeySchema } from '@internal/plugin-jenkins-common';
import { stepIdempotencyKey } from './stepIdempotencyKey';

const TASK = { id: '1b4e28ba-2fa1-11d2-883f-0016d3cca427' };

describe('stepIdempotencyKey', () => {
  it('is the same for the same task and step (a retry replays it)', () => {
    const key = stepIdempotencyKey({ task: TASK, step: { id: 'deploy' } }, 'a');
    expect(key).toBe(
      stepIdempotencyKey({ task: TASK, step: { id: 'deploy' } }, 'a'),
    );
    expect(key.startsWith(`scaffolder:${TASK.id}:`)).toBe(true);
    expect(idempotencyKeySchema.safeParse(key).success).toBe(true);
  });

  it('differs between steps, actions, tasks and loop items', () => {
    const keys = new Set([
      stepIdempotencyKey({ task: TASK, step: { id: 'deploy' } }, 'a'),
      stepIdempotencyKey({ task: TASK, step: { id: 'other' } }, 'a'),
      stepIdempotencyKey({ task: TASK, step: { id: 'deploy' } }, 'b'),
      stepIdempotencyKey({ task: { id: 'x' }, step: { id: 'deploy' } }, 'a'),
      stepIdempotencyKey(
        { task: TASK, step: { id: 'deploy' }, each: { key: '1' } },
        'a',
      ),
    ]);
    expect(keys.size).toBe(5);
  });

  it('stays a valid key for any step id', () => {
    const key = stepIdempotencyKey(
      { task: TASK, step: { id: 'déploiement ✓ '.repeat(100) } },
      'a',
    );
    expect(idempotencyKeySchema.safeParse(key).success).toBe(true);
  });
});
