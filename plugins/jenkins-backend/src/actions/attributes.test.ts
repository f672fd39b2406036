import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { registerJenkinsActions } from '.';

/**
 * The registry fills in attributes an action leaves out (`destructive`
 * defaults to true unless read-only), so the listing alone cannot show
 * whether an action declared them: this looks at what each one registers.
 */
describe('registerJenkinsActions', () => {
  const registered: Array<Parameters<ActionsRegistryService['register']>[0]> =
    [];
  registerJenkinsActions(
    { register: options => registered.push(options as any) },
    {} as Parameters<typeof registerJenkinsActions>[1],
  );

  it('registers the Jenkins actions', () => {
    expect(registered.map(action => action.name)).toEqual(
      expect.arrayContaining([
        'abort-build',
        'answer-input',
        'cancel-queue-item',
        'get-build',
        'get-build-log',
        'list-builds',
        'list-jobs',
        'rebuild-build',
        'run-job',
        'search-build-log',
        'summarize-build-failure',
        'wait-for-build',
      ]),
    );
  });

  it.each(registered.map(action => [action.name, action.attributes]))(
    '%s declares readOnly, destructive and idempotent',
    (_name, attributes) => {
      expect(attributes).toEqual({
        readOnly: expect.any(Boolean),
        destructive: expect.any(Boolean),
        idempotent: expect.any(Boolean),
      });
    },
  );

  it('marks exactly the reads read-only, and no read destructive', () => {
    const reads = registered.filter(({ name }) =>
      /^(list|get|search|summarize|wait)-/.test(name),
    );
    expect(
      registered.map(({ name, attributes }) => [name, attributes!.readOnly]),
    ).toEqual(
      registered.map(({ name }) => [name, reads.some(r => r.name === name)]),
    );
    expect(
      reads.map(({ name, attributes }) => [name, attributes!.destructive]),
    ).toEqual(reads.map(({ name }) => [name, false]));
  });
});
