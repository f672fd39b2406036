import {
  BACKSTAGE_PARAMETER_NAMES,
  checkParameterValue,
  checkSuppliedParameter,
  isReservedParameterName,
  MAX_PARAMETER_VALUE_LENGTH,
  parameterErrorMessage,
} from './parameterRules';
import { parameterInputSchema } from './schemas';
import { ParameterDefinition } from './types';

const VERSION: ParameterDefinition = {
  name: 'VERSION',
  type: 'string',
  description: null,
  defaultValue: '',
};
const NOTES: ParameterDefinition = {
  name: 'NOTES',
  type: 'text',
  description: null,
  defaultValue: null,
};
const DRY_RUN: ParameterDefinition = {
  name: 'DRY_RUN',
  type: 'boolean',
  description: null,
  defaultValue: false,
};
const REGION: ParameterDefinition = {
  name: 'REGION',
  type: 'choice',
  description: null,
  choices: ['eu-west-1', 'us-east-1'],
  defaultValue: 'eu-west-1',
};
const TOKEN: ParameterDefinition = {
  name: 'TOKEN',
  type: 'password',
  description: null,
  hasDefault: false,
};
const FILE: ParameterDefinition = {
  name: 'FILE',
  type: 'unsupported',
  description: null,
  jenkinsType: 'FileParameterDefinition',
};
const BACKSTAGE_USER: ParameterDefinition = {
  name: 'BACKSTAGE_USER',
  type: 'string',
  description: null,
  defaultValue: '',
};

const tooLong = 'x'.repeat(MAX_PARAMETER_VALUE_LENGTH + 1);
const longest = 'x'.repeat(MAX_PARAMETER_VALUE_LENGTH);

describe('checkParameterValue', () => {
  it('takes one line of text for a string parameter', () => {
    expect(checkParameterValue(VERSION, '1.2.3')).toEqual({
      ok: true,
      value: '1.2.3',
    });
    expect(checkParameterValue(VERSION, '')).toEqual({ ok: true, value: '' });
    for (const broken of ['a\nb', 'a\r\nb', 'a\rb']) {
      expect(checkParameterValue(VERSION, broken)).toEqual({
        ok: false,
        problem: {
          code: 'multi-line',
          parameter: 'VERSION',
          reason: 'must be a single line',
          message: "Parameter 'VERSION': must be a single line",
        },
      });
    }
  });

  it('takes several lines for a text parameter', () => {
    expect(checkParameterValue(NOTES, 'line 1\r\nline 2\n')).toEqual({
      ok: true,
      value: 'line 1\r\nline 2\n',
    });
  });

  it('takes any text for a password, empty included, and text as-is for an unknown type', () => {
    expect(checkParameterValue(TOKEN, 's3cr3t\n')).toEqual({
      ok: true,
      value: 's3cr3t\n',
    });
    expect(checkParameterValue(TOKEN, '')).toEqual({ ok: true, value: '' });
    expect(checkParameterValue(FILE, 'a\nb')).toEqual({
      ok: true,
      value: 'a\nb',
    });
  });

  it('refuses anything but text for text-like parameters', () => {
    for (const definition of [VERSION, NOTES, TOKEN, REGION, FILE]) {
      for (const value of [3, true, undefined, null, ['a']]) {
        const check = checkParameterValue(definition, value);
        expect(check).toMatchObject({
          ok: false,
          problem: {
            code: 'not-a-string',
            message: `Parameter '${definition.name}': must be a string`,
          },
        });
      }
    }
  });

  it('takes only a choice the job offers', () => {
    expect(checkParameterValue(REGION, 'us-east-1')).toEqual({
      ok: true,
      value: 'us-east-1',
    });
    expect(checkParameterValue(REGION, 'mars-1')).toEqual({
      ok: false,
      problem: {
        code: 'not-a-choice',
        parameter: 'REGION',
        value: 'mars-1',
        choices: ['eu-west-1', 'us-east-1'],
        reason: "'mars-1' is not one of 'eu-west-1', 'us-east-1'",
        message:
          "Parameter 'REGION': 'mars-1' is not one of 'eu-west-1', 'us-east-1'",
      },
    });
    expect(checkParameterValue(REGION, '')).toMatchObject({
      ok: false,
      problem: { code: 'not-a-choice', value: '' },
    });
    expect(checkParameterValue(REGION, 'US-EAST-1')).toMatchObject({
      ok: false,
    });
    expect(checkParameterValue({ ...REGION, choices: ['', 'a'] }, '')).toEqual({
      ok: true,
      value: '',
    });
  });

  it('takes only true or false for a boolean, sent as text', () => {
    expect(checkParameterValue(DRY_RUN, true)).toEqual({
      ok: true,
      value: 'true',
    });
    expect(checkParameterValue(DRY_RUN, false)).toEqual({
      ok: true,
      value: 'false',
    });
    expect(checkParameterValue(DRY_RUN, 'yes')).toEqual({
      ok: false,
      problem: {
        code: 'not-a-boolean',
        parameter: 'DRY_RUN',
        reason: 'must be true or false, not "yes"',
        message: 'Parameter \'DRY_RUN\': must be true or false, not "yes"',
      },
    });
    for (const value of ['true', 'false', 1, 0, '', undefined]) {
      expect(checkParameterValue(DRY_RUN, value)).toMatchObject({
        ok: false,
        problem: { code: 'not-a-boolean' },
      });
    }
    expect(checkParameterValue(DRY_RUN, undefined)).toMatchObject({
      problem: { reason: 'must be true or false, not nothing' },
    });
  });

  it('refuses text longer than the request schema allows, for every text-like type', () => {
    for (const definition of [VERSION, NOTES, TOKEN, FILE]) {
      expect(checkParameterValue(definition, longest)).toEqual({
        ok: true,
        value: longest,
      });
      expect(checkParameterValue(definition, tooLong)).toEqual({
        ok: false,
        problem: {
          code: 'too-long',
          parameter: definition.name,
          maxLength: 65536,
          reason: 'must be at most 65536 characters',
          message: `Parameter '${definition.name}': must be at most 65536 characters`,
        },
      });
    }
  });

  it('bounds values exactly as the request schema does', () => {
    expect(parameterInputSchema.safeParse(longest).success).toBe(true);
    expect(parameterInputSchema.safeParse(tooLong).success).toBe(false);
  });
});

describe('reserved names', () => {
  it('lists the parameters the backend fills in, all in the reserved namespace', () => {
    expect(BACKSTAGE_PARAMETER_NAMES).toEqual([
      'BACKSTAGE_USER',
      'BACKSTAGE_ENTITY',
      'BACKSTAGE_OWNER',
      'BACKSTAGE_REQUEST_ID',
    ]);
    for (const name of BACKSTAGE_PARAMETER_NAMES) {
      expect(isReservedParameterName(name)).toBe(true);
    }
  });

  it('reserves every BACKSTAGE_ name, and only those', () => {
    expect(isReservedParameterName('BACKSTAGE_FUTURE')).toBe(true);
    expect(isReservedParameterName('BACKSTAGE_')).toBe(true);
    expect(isReservedParameterName('BACKSTAGE')).toBe(false);
    expect(isReservedParameterName('backstage_user')).toBe(false);
    expect(isReservedParameterName('MY_BACKSTAGE_USER')).toBe(false);
  });
});

describe('checkSuppliedParameter', () => {
  const definitions = [VERSION, DRY_RUN, REGION, BACKSTAGE_USER];

  it('checks the value of a parameter the job has', () => {
    expect(checkSuppliedParameter(definitions, 'DRY_RUN', true)).toEqual({
      ok: true,
      value: 'true',
    });
    expect(
      checkSuppliedParameter(definitions, 'VERSION', 'a\nb'),
    ).toMatchObject({ ok: false, problem: { code: 'multi-line' } });
  });

  it("refuses Backstage's own parameters, declared or not", () => {
    expect(
      checkSuppliedParameter(definitions, 'BACKSTAGE_USER', 'user:default/bob'),
    ).toEqual({
      ok: false,
      problem: {
        code: 'reserved',
        parameter: 'BACKSTAGE_USER',
        reason: 'is set by Backstage and cannot be supplied',
        message:
          "Parameter 'BACKSTAGE_USER': is set by Backstage and cannot be supplied",
      },
    });
    expect(
      checkSuppliedParameter(definitions, 'BACKSTAGE_OWNER', 'x'),
    ).toMatchObject({ problem: { code: 'reserved' } });
    expect(
      checkSuppliedParameter(
        [{ ...VERSION, name: 'BACKSTAGE_FUTURE' }],
        'BACKSTAGE_FUTURE',
        'x',
      ),
    ).toMatchObject({
      ok: false,
      problem: {
        code: 'reserved',
        message:
          "Parameter 'BACKSTAGE_FUTURE': is reserved for Backstage (BACKSTAGE_*) and cannot be supplied",
      },
    });
  });

  it('refuses a name the job does not have, listing those a caller may supply', () => {
    expect(checkSuppliedParameter(definitions, 'VERSIO', '1')).toEqual({
      ok: false,
      problem: {
        code: 'unknown',
        parameter: 'VERSIO',
        known: ['VERSION', 'DRY_RUN', 'REGION'],
        reason:
          'the job has no such parameter (it has VERSION, DRY_RUN, REGION)',
        message:
          "Parameter 'VERSIO': the job has no such parameter (it has VERSION, DRY_RUN, REGION)",
      },
    });
    expect(checkSuppliedParameter([], 'X', '1')).toMatchObject({
      ok: false,
      problem: {
        code: 'unknown',
        known: [],
        message: "Parameter 'X': the job takes no parameters",
      },
    });
    expect(checkSuppliedParameter([BACKSTAGE_USER], 'X', '1')).toMatchObject({
      problem: { message: "Parameter 'X': the job takes no parameters" },
    });
  });

  it('matches names exactly', () => {
    expect(checkSuppliedParameter(definitions, 'version', '1')).toMatchObject({
      ok: false,
      problem: { code: 'unknown' },
    });
  });
});

describe('parameterErrorMessage', () => {
  it('names the parameter first', () => {
    expect(parameterErrorMessage('TOKEN', 'is required')).toBe(
      "Parameter 'TOKEN': is required",
    );
  });
});
