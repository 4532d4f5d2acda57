/**
 * The state of a form the server checks again on submit: the values, which messages show
 * (a field's own check once the form was touched; the server's answer at once), and the
 * submit step, which checks first, then sends and puts a refusal on the field it names.
 */
import * as React from 'react';

import { errorMessage, KubeflowAPIError } from '../api';
import { TextFieldBinder, textFields } from './TextField';

/** Messages by field name; `form` for one that belongs to no field. */
export type FormErrors = Record<string, string>;

export interface IServerForm<F> {
  form: F;
  setForm: React.Dispatch<React.SetStateAction<F>>;
  /** change some values (the server's last refusal no longer applies) */
  update: (change: Partial<F>) => void;
  /** every message, checked and from the server */
  errors: FormErrors;
  /** the message to show for a field now, or '' */
  shown: (field: string) => string;
  /** a text field's props, bound to this form */
  field: TextFieldBinder<F>;
  touched: boolean;
  setTouched: (touched: boolean) => void;
  sending: boolean;
  /** check, then `send`; true when the server accepted */
  submit: (send: (form: F) => Promise<void>) => Promise<boolean>;
}

export function useServerForm<F extends object>(
  initial: F,
  validate: (form: F) => FormErrors
): IServerForm<F> {
  const [form, setForm] = React.useState<F>(initial);
  const [serverErrors, setServerErrors] = React.useState<FormErrors>({});
  const [touched, setTouched] = React.useState(false);
  const [sending, setSending] = React.useState(false);

  const update = (change: Partial<F>): void => {
    setForm(previous => ({ ...previous, ...change }));
    setServerErrors({});
  };
  const errors: FormErrors = { ...validate(form), ...serverErrors };
  const shown = (field: string): string =>
    touched || field in serverErrors ? (errors[field] ?? '') : '';

  const submit = async (send: (form: F) => Promise<void>): Promise<boolean> => {
    setTouched(true);
    if (Object.keys(validate(form)).length > 0) {
      return false;
    }
    setSending(true);
    try {
      await send(form);
      return true;
    } catch (reason) {
      const field =
        reason instanceof KubeflowAPIError &&
        reason.field &&
        reason.field in form
          ? reason.field
          : 'form';
      setServerErrors({ [field]: errorMessage(reason) });
      return false;
    } finally {
      setSending(false);
    }
  };
  return {
    form,
    setForm,
    update,
    errors,
    shown,
    field: textFields(form, shown, update),
    touched,
    setTouched,
    sending,
    submit
  };
}

/** The messages of `prefix.N` fields by row N, for row editors. */
export function rowErrors(
  errors: FormErrors,
  prefix: string
): Record<number, string> {
  const result: Record<number, string> = {};
  for (const [key, message] of Object.entries(errors)) {
    if (key.startsWith(`${prefix}.`)) {
      result[Number(key.slice(prefix.length + 1))] = message;
    }
  }
  return result;
}
