/** `ParameterDefinition` / `ParameterValue` subclasses and `ParametersDefinitionProperty`. */
import type { ParameterDef, ParameterValue } from '../../model/types';
import { Bean, BeanType } from '../exportModel';
import { C, property } from './beanProperty';

const VALUE_CLASS: Record<ParameterDef['type'], string> = {
  string: 'hudson.model.StringParameterValue',
  text: 'hudson.model.TextParameterValue',
  boolean: 'hudson.model.BooleanParameterValue',
  // ChoiceParameterDefinition.createValue returns a StringParameterValue.
  choice: 'hudson.model.StringParameterValue',
  password: 'hudson.model.PasswordParameterValue',
};

const DEF_CLASS: Record<ParameterDef['type'], string> = {
  string: 'StringParameterDefinition',
  text: 'TextParameterDefinition',
  boolean: 'BooleanParameterDefinition',
  choice: 'ChoiceParameterDefinition',
  password: 'PasswordParameterDefinition',
};

const parameterValueType = new BeanType<ParameterValue, C>(
  v => VALUE_CLASS[v.type],
  [
    property('name', v => v.name, 3),
    // A password value's secret is not exported.
    property('value', v => (v.type === 'password' ? undefined : v.value), 3),
  ],
);

/** A parameter value bean. */
export const parameterValueBean = (v: ParameterValue) =>
  new Bean(parameterValueType, v);

const parameterDefinitionType = new BeanType<ParameterDef, C>(
  d => `hudson.model.${DEF_CLASS[d.type]}`,
  [
    property(
      'defaultParameterValue',
      d =>
        parameterValueBean({
          name: d.name,
          type: d.type,
          value: d.defaultValue,
        }),
      3,
    ),
    property('description', d => d.description, 3),
    property('name', d => d.name, 3),
    property('type', d => DEF_CLASS[d.type], 3),
    property(
      'choices',
      d => (d.type === 'choice' ? d.choices ?? [] : undefined),
      3,
    ),
  ],
);

/** `hudson.model.ParametersDefinitionProperty` (a job property). */
export const parametersDefinitionPropertyType = new BeanType<ParameterDef[], C>(
  'hudson.model.ParametersDefinitionProperty',
  [
    property(
      'parameterDefinitions',
      defs => defs.map(d => new Bean(parameterDefinitionType, d)),
      2,
    ),
  ],
);
