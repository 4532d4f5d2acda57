/**
 * The pipeline's parameters as a form: one typed input per parameter, checked as the
 * user types (see parameters.ts), the message shown under the field.
 */
import React from 'react';

import { IParameter } from './types';
import { useTrans } from '../trans';

export interface IParameterFormProps {
  parameters: IParameter[];
  texts: Readonly<Record<string, string>>;
  errors: Record<string, string>;
  disabled: boolean;
  onChange: (name: string, text: string) => void;
  onReset: () => void;
}

function ParameterInput(props: {
  parameter: IParameter;
  text: string;
  error?: string;
  disabled: boolean;
  onChange: (text: string) => void;
}): JSX.Element {
  const { parameter, text, error, disabled, onChange } = props;
  const id = `jp-kubeflow-param-${parameter.name}`;
  const common = {
    id,
    name: parameter.name,
    disabled,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
    'data-parameter': parameter.name
  };
  switch (parameter.type) {
    case 'bool':
      return (
        <input
          {...common}
          type="checkbox"
          checked={text.trim().toLowerCase() === 'true'}
          onChange={e => onChange(e.target.checked ? 'true' : 'false')}
        />
      );
    case 'list':
    case 'dict':
      return (
        <textarea
          {...common}
          className="jp-mod-styled jp-kubeflow-json"
          rows={Math.min(6, Math.max(1, text.split('\n').length))}
          spellCheck={false}
          value={text}
          onChange={e => onChange(e.target.value)}
        />
      );
    default:
      return (
        <input
          {...common}
          className="jp-mod-styled"
          type="text"
          inputMode={
            parameter.type === 'int'
              ? 'numeric'
              : parameter.type === 'float'
                ? 'decimal'
                : 'text'
          }
          spellCheck={false}
          value={text}
          onChange={e => onChange(e.target.value)}
        />
      );
  }
}

export function ParameterForm(props: IParameterFormProps): JSX.Element {
  const trans = useTrans();
  const { parameters, texts, errors, disabled, onChange, onReset } = props;
  if (parameters.length === 0) {
    return (
      <p className="jp-kubeflow-muted">
        {trans.__('No parameters (tag a cell')}{' '}
        <code>{trans.__('pipeline-parameters')}</code>{' '}
        {trans.__('to add some).')}
      </p>
    );
  }
  return (
    <form
      className="jp-kubeflow-parameters"
      onSubmit={e => e.preventDefault()}
      aria-label={trans.__('Pipeline parameters')}
    >
      {parameters.map(parameter => {
        const error = errors[parameter.name];
        const id = `jp-kubeflow-param-${parameter.name}`;
        return (
          <div key={parameter.name} className="jp-kubeflow-parameter">
            <label htmlFor={id}>
              {parameter.name}{' '}
              <span className="jp-kubeflow-type">{parameter.type}</span>
            </label>
            <ParameterInput
              parameter={parameter}
              text={texts[parameter.name] ?? ''}
              error={error}
              disabled={disabled}
              onChange={text => onChange(parameter.name, text)}
            />
            {error && (
              <div id={`${id}-error`} className="jp-kubeflow-field-error">
                {error}
              </div>
            )}
          </div>
        );
      })}
      <button
        type="button"
        className="jp-mod-styled jp-kubeflow-link-button"
        onClick={onReset}
        disabled={disabled}
      >
        {trans.__('Reset to defaults')}
      </button>
    </form>
  );
}
