/** A labelled drop-down (its <option>s are the children) with its error or help. */
import * as React from 'react';

import { FormField, IFieldProps } from './FormField';

export function SelectField(
  props: IFieldProps & {
    value: string;
    onChange: (value: string) => void;
    /** The control's name in the form. */
    name?: string;
    disabled?: boolean;
    children: React.ReactNode;
  }
): JSX.Element {
  const { value, onChange, name, disabled, children, ...field } = props;
  return (
    <FormField {...field}>
      {control => (
        <select
          {...control}
          name={name}
          disabled={disabled}
          value={value}
          onChange={e => onChange(e.target.value)}
        >
          {children}
        </select>
      )}
    </FormField>
  );
}
