/** A labelled one-line text input with its error or help (see Field). */
import * as React from 'react';

import { Field } from './Field';

export function TextField(props: {
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
  return (
    <Field label={props.label} error={props.error} help={props.help}>
      {control => (
        <input
          {...control}
          autoFocus={props.autoFocus}
          autoComplete={props.identifier ? 'off' : undefined}
          spellCheck={props.identifier ? false : undefined}
          placeholder={props.placeholder}
          value={props.value}
          onChange={event => props.onChange(event.target.value)}
        />
      )}
    </Field>
  );
}
