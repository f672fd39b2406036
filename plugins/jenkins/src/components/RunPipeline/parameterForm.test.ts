import { ParameterDefinition } from '@internal/plugin-jenkins-common';
import {
  formParameters,
  initialParameterValues,
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
});
