/**
 * A labelled text input (or, with `rows`, a text area) with its error or help (see
 * FormField): named for the form, with `suggestions` offered from a datalist.
 */
import * as React from 'react';

import { useTrans } from '../trans';
import { FormField, IFieldProps } from './FormField';

export interface ISuggestion {
  value: string;
  /** what the browser shows beside the value */
  label?: string;
}

export interface ITextInputFieldProps extends IFieldProps {
  value: string;
  onChange: (value: string) => void;
  /** The control's name in the form (tests and autofill find it by it). */
  name?: string;
  placeholder?: string;
  autoFocus?: boolean;
  /** A name the user types exactly: no autocompletion, no spell check. */
  identifier?: boolean;
  /** A text area of this many rows instead of a one-line input. */
  rows?: number;
  /** Values offered as you type: the datalist's id (unique in the page) and options. */
  suggestions?: { id: string; options: ISuggestion[] };
}

export function TextInputField(props: ITextInputFieldProps): JSX.Element {
  const {
    value,
    onChange,
    name,
    placeholder,
    autoFocus,
    identifier,
    rows,
    suggestions,
    ...field
  } = props;
  return (
    <FormField {...field}>
      {control => {
        const common = {
          ...control,
          name,
          autoFocus,
          autoComplete: identifier ? 'off' : undefined,
          spellCheck: identifier ? false : undefined,
          placeholder,
          value
        };
        return rows ? (
          <textarea
            {...common}
            rows={rows}
            onChange={event => onChange(event.target.value)}
          />
        ) : (
          <>
            <input
              {...common}
              list={suggestions?.id}
              onChange={event => onChange(event.target.value)}
            />
            {suggestions ? (
              <datalist id={suggestions.id}>
                {suggestions.options.map(option => (
                  <option
                    key={option.value}
                    value={option.value}
                    label={option.label}
                  />
                ))}
              </datalist>
            ) : null}
          </>
        );
      }}
    </FormField>
  );
}

/**
 * The name of a new Kubernetes object: focused first, typed exactly; by default the
 * rule of most names (a DNS subdomain) as its help.
 */
export function NameField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  help?: string;
}): JSX.Element {
  const trans = useTrans();
  return (
    <TextInputField
      help={trans.__("Lowercase letters, digits, '-' and '.'.")}
      {...props}
      autoFocus
      identifier
    />
  );
}
