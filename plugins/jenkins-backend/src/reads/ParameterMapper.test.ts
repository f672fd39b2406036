import {
  MASKED_VALUE,
  passwordParameterNames,
  toParameterDefinition,
  toParameterValues,
} from './ParameterMapper';

describe('toParameterDefinition', () => {
  it('never exposes a password default, only whether there is one', () => {
    expect(
      toParameterDefinition({
        _class: 'hudson.model.PasswordParameterDefinition',
        name: 'TOKEN',
        type: 'PasswordParameterDefinition',
        defaultParameterValue: {
          _class: 'hudson.model.PasswordParameterValue',
          value: 'secret',
        },
      }),
    ).toEqual({
      name: 'TOKEN',
      description: null,
      type: 'password',
      hasDefault: true,
    });
  });

  it('keeps types it cannot render as unsupported, naming them', () => {
    expect(
      toParameterDefinition({
        _class: 'hudson.model.FileParameterDefinition',
        name: 'UPLOAD',
      }),
    ).toEqual({
      name: 'UPLOAD',
      description: null,
      type: 'unsupported',
      jenkinsType: 'FileParameterDefinition',
    });
  });

  it('defaults a choice to its first option', () => {
    expect(
      toParameterDefinition({
        type: 'ChoiceParameterDefinition',
        name: 'REGION',
        choices: ['eu', 'us'],
      }),
    ).toMatchObject({
      type: 'choice',
      choices: ['eu', 'us'],
      defaultValue: 'eu',
    });
  });
});

describe('toParameterValues', () => {
  it('masks values of password parameters by definition and by value class', () => {
    const passwords = passwordParameterNames({
      property: [
        {
          parameterDefinitions: [
            { name: 'TOKEN', type: 'PasswordParameterDefinition' },
            { name: 'VERSION', type: 'StringParameterDefinition' },
          ],
        },
      ],
    });
    expect(
      toParameterValues(
        [
          {
            _class: 'hudson.model.StringParameterValue',
            name: 'TOKEN',
            value: 'leaked?',
          },
          { _class: 'hudson.model.PasswordParameterValue', name: 'OTHER' },
          {
            _class: 'hudson.model.StringParameterValue',
            name: 'VERSION',
            value: '1.0',
          },
          {
            _class: 'hudson.model.BooleanParameterValue',
            name: 'DRY_RUN',
            value: true,
          },
        ],
        passwords,
      ),
    ).toEqual([
      { name: 'TOKEN', value: MASKED_VALUE, masked: true },
      { name: 'OTHER', value: MASKED_VALUE, masked: true },
      { name: 'VERSION', value: '1.0', masked: false },
      { name: 'DRY_RUN', value: true, masked: false },
    ]);
  });
});
