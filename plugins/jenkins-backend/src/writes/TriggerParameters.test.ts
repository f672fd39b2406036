import { ParameterDefinition } from '@internal/plugin-jenkins-common';
import {
  requireResuppliedPasswords,
  toJenkinsParameters,
} from './TriggerParameters';

const definitions: ParameterDefinition[] = [
  { name: 'VERSION', type: 'string', description: null, defaultValue: '' },
  { name: 'NOTES', type: 'text', description: null, defaultValue: null },
  { name: 'DRY_RUN', type: 'boolean', description: null, defaultValue: false },
  {
    name: 'REGION',
    type: 'choice',
    description: null,
    choices: ['eu-west-1', 'us-east-1'],
    defaultValue: 'eu-west-1',
  },
  {
    name: 'SMOKE_TEST_TOKEN',
    type: 'password',
    description: null,
    hasDefault: false,
  },
  {
    name: 'BACKSTAGE_USER',
    type: 'string',
    description: null,
    defaultValue: '',
  },
  {
    name: 'BACKSTAGE_REQUEST_ID',
    type: 'string',
    description: null,
    defaultValue: '',
  },
];

const backstage = {
  BACKSTAGE_USER: 'user:default/alice',
  BACKSTAGE_ENTITY: 'component:default/payments-service',
  BACKSTAGE_OWNER: 'group:default/team-payments',
  BACKSTAGE_REQUEST_ID: 'req-1',
};

describe('toJenkinsParameters', () => {
  it('turns valid values into form values and fills in the declared BACKSTAGE_* parameters', () => {
    expect(
      toJenkinsParameters(
        definitions,
        {
          VERSION: '1.2.3',
          NOTES: 'line 1\nline 2',
          DRY_RUN: true,
          REGION: 'us-east-1',
          SMOKE_TEST_TOKEN: 's3cr3t',
        },
        backstage,
      ),
    ).toEqual({
      VERSION: '1.2.3',
      NOTES: 'line 1\nline 2',
      DRY_RUN: 'true',
      REGION: 'us-east-1',
      SMOKE_TEST_TOKEN: 's3cr3t',
      BACKSTAGE_USER: 'user:default/alice',
      BACKSTAGE_REQUEST_ID: 'req-1',
    });
  });

  it('refuses a value outside the choice list, naming the parameter', () => {
    expect(() =>
      toJenkinsParameters(definitions, { REGION: 'mars-1' }, backstage),
    ).toThrow(
      "Parameter 'REGION': 'mars-1' is not one of 'eu-west-1', 'us-east-1'",
    );
  });

  it('refuses unknown names and wrong types, naming the parameter', () => {
    expect(() =>
      toJenkinsParameters(definitions, { VERSIO: '1' }, backstage),
    ).toThrow(/Parameter 'VERSIO': the job has no such parameter/);
    expect(() =>
      toJenkinsParameters(definitions, { DRY_RUN: 'yes' }, backstage),
    ).toThrow(/Parameter 'DRY_RUN': must be true or false/);
    expect(() =>
      toJenkinsParameters(definitions, { VERSION: 3 }, backstage),
    ).toThrow(/Parameter 'VERSION': must be a string/);
    expect(() =>
      toJenkinsParameters(definitions, { VERSION: 'a\nb' }, backstage),
    ).toThrow(/Parameter 'VERSION': must be a single line/);
  });

  it('never takes BACKSTAGE_* values from the caller', () => {
    expect(() =>
      toJenkinsParameters(
        definitions,
        { BACKSTAGE_USER: 'user:default/bob' },
        backstage,
      ),
    ).toThrow(/Parameter 'BACKSTAGE_USER': is set by Backstage/);
  });

  it('refuses every other BACKSTAGE_ name too, and fills in only its own', () => {
    const withFuture: ParameterDefinition[] = [
      ...definitions,
      {
        name: 'BACKSTAGE_FUTURE',
        type: 'string',
        description: null,
        defaultValue: '',
      },
    ];
    expect(() =>
      toJenkinsParameters(withFuture, { BACKSTAGE_FUTURE: 'x' }, backstage),
    ).toThrow(/Parameter 'BACKSTAGE_FUTURE': is reserved for Backstage/);
    expect(
      toJenkinsParameters(withFuture, { VERSION: '1' }, backstage),
    ).toEqual({
      VERSION: '1',
      BACKSTAGE_USER: 'user:default/alice',
      BACKSTAGE_REQUEST_ID: 'req-1',
    });
  });

  it('sends no parameters to a job without parameters, and refuses any', () => {
    expect(toJenkinsParameters([], undefined, backstage)).toBeUndefined();
    expect(() => toJenkinsParameters([], { X: '1' }, backstage)).toThrow(
      /the job takes no parameters/,
    );
  });
});

describe('requireResuppliedPasswords', () => {
  it('asks again for the password parameters the original build had', () => {
    expect(() =>
      requireResuppliedPasswords(['SMOKE_TEST_TOKEN'], { VERSION: '1' }),
    ).toThrow(
      /Parameter 'SMOKE_TEST_TOKEN': password parameters are not stored/,
    );
    expect(() =>
      requireResuppliedPasswords(['SMOKE_TEST_TOKEN'], {
        SMOKE_TEST_TOKEN: 'x',
      }),
    ).not.toThrow();
    expect(() => requireResuppliedPasswords([], undefined)).not.toThrow();
  });
});
