import {
  abortOperationSchema,
  boundedBuildNumberSchema,
  boundedQueueIdSchema,
  entityRefSchema,
  inputIdSchema,
} from './operations';
import { MAX_ENTITY_REF_LENGTH } from './requests';

function messageOf(result: { success: boolean; error?: any }): string {
  expect(result.success).toBe(false);
  return result.error.issues[0].message;
}

describe('bounded build numbers and queue ids', () => {
  it('take canonical decimals (paths) and integers (actions) in range', () => {
    expect(boundedBuildNumberSchema.parse('2147483647')).toBe(2147483647);
    expect(boundedBuildNumberSchema.parse(2147483647)).toBe(2147483647);
    expect(boundedQueueIdSchema.parse(String(Number.MAX_SAFE_INTEGER))).toBe(
      Number.MAX_SAFE_INTEGER,
    );
    expect(boundedQueueIdSchema.parse(1)).toBe(1);
  });

  it.each(['0x1', '1e0', ' 1', '0b1', '1e21', '2147483648', '-1'])(
    'refuse build number %j',
    text => {
      expect(messageOf(boundedBuildNumberSchema.safeParse(text))).toMatch(
        /must be a (positive )?build number/,
      );
    },
  );

  // 0 too: Jenkins' first queue id is 1 (QueueIdStrategy.DefaultStrategy).
  it.each(['0x1', '1e0', ' 1', '0b1', '1e21', '9007199254740992', '0', 0])(
    'refuse queue id %j',
    text => {
      expect(messageOf(boundedQueueIdSchema.safeParse(text))).toBe(
        'must be a queue id',
      );
    },
  );

  it('refuse numbers out of range or fractional from actions', () => {
    expect(messageOf(boundedBuildNumberSchema.safeParse(2147483648))).toBe(
      'must be a build number',
    );
    expect(messageOf(boundedQueueIdSchema.safeParse(1.5))).toBe(
      'must be a queue id',
    );
    expect(
      abortOperationSchema.safeParse({
        entityRef: 'component:default/x',
        jobId: 'x',
        buildNumber: '0x1',
      }).success,
    ).toBe(false);
  });
});

describe('entityRefSchema', () => {
  it('takes the longest ref the audit trail stores and refuses one more', () => {
    const ref = `K${'k'.repeat(62)}:${'n'.repeat(63)}/${'m'.repeat(127)}`;
    expect(ref).toHaveLength(MAX_ENTITY_REF_LENGTH);
    expect(entityRefSchema.safeParse(ref).success).toBe(true);
    expect(messageOf(entityRefSchema.safeParse(`${ref}m`))).toBe(
      'must be an entity ref of at most 255 characters',
    );
  });

  it('refuses dot segments', () => {
    expect(messageOf(entityRefSchema.safeParse('component:default/..'))).toBe(
      'must be an entity name, not "." or ".."',
    );
    expect(messageOf(entityRefSchema.safeParse('component:./x'))).toBe(
      'must be an entity namespace, not "." or ".."',
    );
  });
});

describe('inputIdSchema', () => {
  it.each(['.', '..', '...'])('refuses the dot segment %j', id => {
    expect(messageOf(inputIdSchema.safeParse(id))).toBe(
      'must be an input step id, not "." or ".."',
    );
  });

  it('takes ids with dots among other characters', () => {
    expect(inputIdSchema.parse('x.y-z_1')).toBe('x.y-z_1');
    expect(inputIdSchema.parse('.Promote')).toBe('.Promote');
  });
});
