/** A labelled one-line text input with its error or help (see FormField). */
import * as React from 'react';

import { useTrans } from '../trans';
import { FormField } from './FormField';

export function TextInputField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  help?: React.ReactNode;
  placeholder?: string;
  autoFocus?: boolean;
  /** A name the user types exactly: no autocompletion, no spell check. */
  identifier?: boolean;
}): JSX.Element {
  const { value, onChange, placeholder, autoFocus, identifier, ...field } =
    props;
  return (
    <FormField {...field}>
      {control => (
        <input
          {...control}
          autoFocus={autoFocus}
          autoComplete={identifier ? 'off' : undefined}
          spellCheck={identifier ? false : undefined}
          placeholder={placeholder}
          value={value}
          onChange={event => onChange(event.target.value)}
        />
      )}
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
