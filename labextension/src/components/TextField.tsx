/**
 * A text input (or, with `rows`, a text area) in a `Field`: named for the form, marked
 * `aria-invalid` with its error, and with `suggestions` offered from a datalist.
 */
import * as React from 'react';

import { Field } from './Field';

export interface ISuggestion {
  value: string;
  /** what the browser shows beside the value */
  label?: string;
}

export interface ITextFieldProps {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
  placeholder?: string;
  /** a text area of this many rows instead of a one-line input */
  rows?: number;
  /** values offered as you type: the datalist's id and its options */
  suggestions?: { id: string; options: ISuggestion[] };
}

/** The names of a form's text values. */
export type TextKeys<F> = {
  [K in keyof F]-?: F[K] extends string | undefined ? K : never;
}[keyof F] &
  string;

/** A text field's name, value, error and change handler, for `{...field('name')}`. */
export type TextFieldBinder<F> = (
  name: TextKeys<F>
) => Pick<ITextFieldProps, 'name' | 'value' | 'error' | 'onChange'>;

/**
 * Binds text fields to a form: `field('name')` gives a `TextField` its name, value, error
 * and change handler, so each field is written once as `<TextField label=… {...field('name')} />`.
 */
export function textFields<F>(
  form: F,
  error: (name: string) => string | undefined,
  update: (change: Partial<F>) => void
): TextFieldBinder<F> {
  return name => ({
    name,
    value: (form[name] as string | undefined) ?? '',
    error: error(name),
    onChange: value => update({ [name]: value } as Partial<F>)
  });
}

export function TextField(props: ITextFieldProps): JSX.Element {
  const { name, value, placeholder, rows, suggestions } = props;
  const invalid = props.error ? true : undefined;
  const onChange = (
    event: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>
  ): void => props.onChange(event.target.value);
  return (
    <Field label={props.label} error={props.error} hint={props.hint}>
      {rows ? (
        <textarea
          className="jp-mod-styled"
          name={name}
          rows={rows}
          placeholder={placeholder}
          aria-invalid={invalid}
          value={value}
          onChange={onChange}
        />
      ) : (
        <input
          className="jp-mod-styled"
          name={name}
          list={suggestions?.id}
          placeholder={placeholder}
          aria-invalid={invalid}
          value={value}
          onChange={onChange}
        />
      )}
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
    </Field>
  );
}
