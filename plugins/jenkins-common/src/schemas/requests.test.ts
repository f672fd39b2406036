import { encodeJobId } from '../jobId';
import {
  auditQuerySchema,
  buildNumberSchema,
  entityPathSchema,
  jobIdSchema,
  logQuerySchema,
  MAX_ENTITY_REF_LENGTH,
  MAX_JOB_FULL_NAME_LENGTH,
  pageQuerySchema,
  queueIdSchema,
} from './requests';

function messageOf(result: { success: boolean; error?: any }): string {
  expect(result.success).toBe(false);
  return result.error.issues[0].message;
}

describe('entityPathSchema', () => {
  const path = { kind: 'component', namespace: 'default', name: 'payments' };

  it.each(['.', '..', '...'])('refuses a name or namespace %j', dots => {
    expect(messageOf(entityPathSchema.safeParse({ ...path, name: dots }))).toBe(
      'must be an entity name, not "." or ".."',
    );
    expect(
      messageOf(entityPathSchema.safeParse({ ...path, namespace: dots })),
    ).toBe('must be an entity namespace, not "." or ".."');
    expect(messageOf(entityPathSchema.safeParse({ ...path, kind: dots }))).toBe(
      'must be an entity kind',
    );
  });

  it('still takes names with dots inside', () => {
    expect(
      entityPathSchema.safeParse({ ...path, name: 'a.b', namespace: '.x' })
        .success,
    ).toBe(true);
  });

  it('bounds the parts so that the longest ref fits the audit trail', () => {
    const longest = {
      kind: `K${'k'.repeat(62)}`,
      namespace: 'n'.repeat(63),
      name: 'm'.repeat(127),
    };
    expect(entityPathSchema.safeParse(longest).success).toBe(true);
    const { kind, namespace, name } = longest;
    expect(`${kind}:${namespace}/${name}`).toHaveLength(MAX_ENTITY_REF_LENGTH);
    for (const part of ['kind', 'namespace', 'name'] as const) {
      expect(
        entityPathSchema.safeParse({
          ...longest,
          [part]: `${longest[part]}x`,
        }).success,
      ).toBe(false);
    }
  });
});

describe('jobIdSchema', () => {
  it('takes the id of the longest job full name the audit trail stores', () => {
    const fullName = `f/${'j'.repeat(MAX_JOB_FULL_NAME_LENGTH - 2)}`;
    expect(
      jobIdSchema.safeParse(encodeJobId('default', fullName)).success,
    ).toBe(true);
  });

  it('refuses an id whose full name, instance or raw form would not fit', () => {
    const tooLong = `f/${'j'.repeat(MAX_JOB_FULL_NAME_LENGTH - 1)}`;
    expect(
      messageOf(jobIdSchema.safeParse(encodeJobId('default', tooLong))),
    ).toBe('must be a job id from the jobs list');
    expect(
      messageOf(jobIdSchema.safeParse(encodeJobId('i'.repeat(101), 'job'))),
    ).toBe('must be a job id from the jobs list');
    // Decodes to nothing: recorded as given, so bounded like a full name.
    const undecodable = 'A'.repeat(MAX_JOB_FULL_NAME_LENGTH + 1);
    expect(messageOf(jobIdSchema.safeParse(undecodable))).toBe(
      'must be a job id from the jobs list',
    );
    expect(
      jobIdSchema.safeParse('A'.repeat(MAX_JOB_FULL_NAME_LENGTH)).success,
    ).toBe(true);
  });
});

describe('numbers in paths and queries', () => {
  const nonCanonical = [
    '0x1',
    '1e0',
    ' 1',
    '1 ',
    '0b1',
    '0o1',
    '1e21',
    '01',
    '+1',
    '1.0',
    '',
    'Infinity',
  ];

  it.each(nonCanonical)('refuses build number and queue id %j', text => {
    expect(messageOf(buildNumberSchema.safeParse(text))).toBe(
      'must be a build number',
    );
    expect(messageOf(queueIdSchema.safeParse(text))).toBe('must be a queue id');
  });

  it.each(nonCanonical)('refuses limit and start %j', text => {
    expect(pageQuerySchema.safeParse({ limit: text }).success).toBe(false);
    expect(logQuerySchema.safeParse({ start: text }).success).toBe(false);
    expect(auditQuerySchema.safeParse({ limit: text }).success).toBe(false);
  });

  it('takes canonical decimals and JSON numbers', () => {
    expect(buildNumberSchema.parse('42')).toBe(42);
    expect(buildNumberSchema.parse(42)).toBe(42);
    expect(queueIdSchema.parse('1')).toBe(1);
    expect(pageQuerySchema.parse({ limit: '100' })).toEqual({ limit: 100 });
    expect(pageQuerySchema.parse({})).toEqual({ limit: 20 });
    expect(logQuerySchema.parse({ start: '0' })).toEqual({ start: 0 });
    expect(auditQuerySchema.parse({}).limit).toBe(10000);
  });

  it('keeps the rules of each number', () => {
    // Jenkins' first queue id is 1 (QueueIdStrategy.DefaultStrategy).
    expect(messageOf(queueIdSchema.safeParse('0'))).toBe('must be a queue id');
    expect(messageOf(buildNumberSchema.safeParse('0'))).toBe(
      'must be a positive build number',
    );
    expect(messageOf(buildNumberSchema.safeParse(1.5))).toBe(
      'must be a build number',
    );
    expect(pageQuerySchema.safeParse({ limit: '101' }).success).toBe(false);
    expect(pageQuerySchema.safeParse({ limit: ['1', '2'] }).success).toBe(
      false,
    );
  });
});
