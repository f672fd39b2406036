import Box from '@material-ui/core/Box';
import Checkbox from '@material-ui/core/Checkbox';
import FormControl from '@material-ui/core/FormControl';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import FormHelperText from '@material-ui/core/FormHelperText';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { ParameterDefinition } from '@internal/plugin-jenkins-common';
import { ParameterFormValues } from './parameterForm';

/**
 * Form fields generated from Jenkins parameter definitions: a text field,
 * a multi-line text, a checkbox, a select or a password field, each with
 * Jenkins' description as help and the validation error in its place.
 */
export const ParameterFields = (props: {
  idPrefix: string;
  definitions: ParameterDefinition[];
  values: ParameterFormValues;
  errors: Record<string, string>;
  disabled?: boolean;
  onChange: (name: string, value: string | boolean) => void;
}) => {
  const { idPrefix, definitions, values, errors, disabled, onChange } = props;
  return (
    <>
      {definitions.map(d => {
        const id = `${idPrefix}-${d.name}`;
        const error = errors[d.name];
        const help = error ?? d.description ?? undefined;
        switch (d.type) {
          case 'string':
          case 'text':
            return (
              <TextField
                key={d.name}
                id={id}
                label={d.name}
                value={String(values[d.name] ?? '')}
                onChange={e => onChange(d.name, e.target.value)}
                helperText={help}
                error={Boolean(error)}
                disabled={disabled}
                multiline={d.type === 'text'}
                minRows={d.type === 'text' ? 3 : undefined}
                fullWidth
                margin="normal"
                variant="outlined"
              />
            );
          case 'password':
            return (
              <TextField
                key={d.name}
                id={id}
                label={d.name}
                type="password"
                autoComplete="new-password"
                value={String(values[d.name] ?? '')}
                onChange={e => onChange(d.name, e.target.value)}
                helperText={
                  error ??
                  [
                    d.description,
                    d.hasDefault
                      ? "Secret. Leave empty to use Jenkins' default."
                      : 'Secret. Required.',
                  ]
                    .filter(Boolean)
                    .join(' ')
                }
                error={Boolean(error)}
                disabled={disabled}
                required={!d.hasDefault}
                fullWidth
                margin="normal"
                variant="outlined"
              />
            );
          case 'choice':
            return (
              <TextField
                key={d.name}
                id={id}
                select
                SelectProps={{ native: true }}
                label={d.name}
                value={String(values[d.name] ?? '')}
                onChange={e => onChange(d.name, e.target.value)}
                helperText={help}
                error={Boolean(error)}
                disabled={disabled}
                fullWidth
                margin="normal"
                variant="outlined"
                InputLabelProps={{ shrink: true }}
              >
                {values[d.name] === '' && <option value="">Choose…</option>}
                {d.choices.map(choice => (
                  <option key={choice} value={choice}>
                    {choice}
                  </option>
                ))}
              </TextField>
            );
          case 'boolean':
            return (
              <FormControl
                key={d.name}
                margin="normal"
                error={Boolean(error)}
                fullWidth
              >
                <FormControlLabel
                  control={
                    <Checkbox
                      id={id}
                      checked={values[d.name] === true}
                      onChange={e => onChange(d.name, e.target.checked)}
                      disabled={disabled}
                      color="primary"
                    />
                  }
                  label={d.name}
                />
                {help && <FormHelperText>{help}</FormHelperText>}
              </FormControl>
            );
          default:
            return (
              <Box key={d.name} my={2}>
                <Typography variant="body2" color="textSecondary">
                  {d.name} ({d.jenkinsType}) cannot be set here; Jenkins uses
                  its default.
                </Typography>
              </Box>
            );
        }
      })}
    </>
  );
};
