import { ParameterDefinition } from '@internal/plugin-jenkins-common';
import {
  formParameters,
  initialParameterValues,
  parameterProblemText,
  parametersToSend,
  validateParameters,
} from './parameterForm';

const definitions: ParameterDefinition[] = [
  { type: 'string', name: 'VERSION', description: null, defaultValue: null },
  {
    type: 'choice',
    name: 'ONLY',
    description: null,
    choices: ['a'],
    defaultValue: null,
  },
  {
    type: 'password',
    name: 'OPTIONAL_SECRET',
    description: null,
    hasDefault: true,
  },
  {
    type: 'unsupported',
    name: 'FILE',
    description: null,
    jenkinsType: 'FileParameterDefinition',
  },
  {
    type: 'string',
    name: 'BACKSTAGE_ENTITY',
    description: null,
    defaultValue: null,
  },
];

describe('parameterForm', () => {
  it('leaves the backend its BACKSTAGE_ parameters', () => {
    expect(formParameters(definitions).map(d => d.name)).not.toContain(
      'BACKSTAGE_ENTITY',
    );
  });

  it('preselects the only choice and starts secrets empty', () => {
    expect(initialParameterValues(definitions)).toEqual({
      VERSION: '',
      ONLY: 'a',
      OPTIONAL_SECRET: '',
      BACKSTAGE_ENTITY: '',
    });
  });

  it('refuses a line break in a single-line string', () => {
    expect(
      validateParameters(formParameters(definitions), {
        VERSION: 'a\nb',
        ONLY: 'a',
        OPTIONAL_SECRET: '',
      }),
    ).toEqual({ VERSION: 'VERSION must be a single line' });
  });

  it('refuses a choice Jenkins does not offer', () => {
    expect(
      validateParameters(formParameters(definitions), {
        VERSION: '',
        ONLY: 'b',
        OPTIONAL_SECRET: '',
      }),
    ).toEqual({ ONLY: 'ONLY must be one of: a' });
  });

  it('leaves out an empty secret that Jenkins has a default for, and unsupported types', () => {
    expect(
      parametersToSend(formParameters(definitions), {
        VERSION: '1',
        ONLY: 'a',
        OPTIONAL_SECRET: '',
        FILE: 'x',
      }),
    ).toEqual({ VERSION: '1', ONLY: 'a' });
  });

  it('hides every BACKSTAGE_ name, not only those the backend fills in', () => {
    expect(
      formParameters([
        { ...definitions[0], name: 'BACKSTAGE_FUTURE' },
        definitions[0],
      ]).map(d => d.name),
    ).toEqual(['VERSION']);
  });

  it('applies the shared rules, worded for the field', () => {
    const secret: ParameterDefinition = {
      type: 'password',
      name: 'TOKEN',
      description: null,
      hasDefault: false,
    };
    expect(
      validateParameters([definitions[0], definitions[1], secret], {
        VERSION: 'v'.repeat(65537),
        ONLY: '',
        TOKEN: '',
      }),
    ).toEqual({
      VERSION: 'VERSION must be at most 65536 characters',
      ONLY: 'Choose a value for ONLY',
      TOKEN: 'TOKEN is required',
    });
    expect(
      validateParameters([{ ...secret, hasDefault: true }], { TOKEN: '' }),
    ).toEqual({});
  });

  it('words a problem as the backend does, but for a select', () => {
    expect(
      parameterProblemText({
        code: 'not-a-boolean',
        parameter: 'DRY_RUN',
        reason: 'must be true or false, not "yes"',
        message: 'Parameter \'DRY_RUN\': must be true or false, not "yes"',
      }),
    ).toBe('DRY_RUN must be true or false, not "yes"');
    expect(
      parameterProblemText({
        code: 'not-a-choice',
        parameter: 'ONLY',
        value: 'b',
        choices: ['a', 'c'],
        reason: "'b' is not one of 'a', 'c'",
        message: "Parameter 'ONLY': 'b' is not one of 'a', 'c'",
      }),
    ).toBe('ONLY must be one of: a, c');
  });
});
