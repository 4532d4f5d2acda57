/** A labelled drop-down (its <option>s are the children) with its error or help. */
import * as React from 'react';

import { Field } from './Field';

export function SelectField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  help?: React.ReactNode;
  children: React.ReactNode;
}): JSX.Element {
  return (
    <Field label={props.label} error={props.error} help={props.help}>
      {control => (
        <select
          {...control}
          value={props.value}
          onChange={event => props.onChange(event.target.value)}
        >
          {props.children}
        </select>
      )}
    </Field>
  );
}
