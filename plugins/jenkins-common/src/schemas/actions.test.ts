import { inputAnswerRequestSchema, triggerRequestSchema } from './actions';

describe('parameter names', () => {
  it.each(['__proto__', 'constructor', 'prototype'])(
    'refuses %s, sent as JSON, instead of dropping it',
    name => {
      const body = JSON.parse(`{"parameters":{"${name}":"x","VERSION":"1"}}`);
      for (const schema of [
        triggerRequestSchema,
        inputAnswerRequestSchema.omit({ action: true }),
      ]) {
        const result = schema.safeParse(body);
        expect(result.success).toBe(false);
        const issue = result.error!.issues[0] as any;
        const message =
          issue.code === 'invalid_key'
            ? issue.issues[0].message
            : issue.message;
        expect(message).toBe(
          'must be a parameter name, not __proto__, constructor or prototype',
        );
      }
    },
  );

  it('takes ordinary names', () => {
    expect(
      triggerRequestSchema.parse({ parameters: { VERSION: '1', proto: true } }),
    ).toEqual({ parameters: { VERSION: '1', proto: true } });
  });
});
