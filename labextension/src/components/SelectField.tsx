/** A labelled drop-down (its <option>s are the children) with its error or help. */
import * as React from 'react';

import { FormField } from './FormField';

export function SelectField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  help?: React.ReactNode;
  children: React.ReactNode;
}): JSX.Element {
  const { value, onChange, children, ...field } = props;
  return (
    <FormField {...field}>
      {control => (
        <select
          {...control}
          value={value}
          onChange={e => onChange(e.target.value)}
        >
          {children}
        </select>
      )}
    </FormField>
  );
}
