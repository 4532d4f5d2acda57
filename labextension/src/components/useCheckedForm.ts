/**
 * The state of a form checked as the user types: a field's message shows once it was
 * changed or a submit was tried; the server's refusal shows at the field it names (or
 * 'form') until that field changes; a submit with errors, or while one runs, does
 * nothing.
 */
import * as React from 'react';

import { KubeflowAPIError } from '../api';

export interface ICheckedForm<F> {
  form: F;
  busy: boolean;
  /** The message shown at a field, if any. */
  shown: (field: string) => string | undefined;
  /** The server's refusal of the whole form (field 'form'), if any. */
  formError: string | undefined;
  /** Changes the form; `field` counts as touched and the server's word is dropped. */
  change: (patch: Partial<F>, field: string) => void;
  /** Runs `save` once the form checks; a refusal goes to the field `fieldOf` names. */
  submit: (
    save: () => Promise<void>,
    fieldOf: (error: KubeflowAPIError) => string
  ) => Promise<void>;
}

export function useCheckedForm<F>(
  initial: () => F,
  validate: (form: F) => Record<string, string>
): ICheckedForm<F> {
  const [form, setForm] = React.useState<F>(initial);
  const [touched, setTouched] = React.useState<Set<string>>(new Set());
  const [submitted, setSubmitted] = React.useState(false);
  const [serverError, setServerError] = React.useState<{
    field: string;
    message: string;
  }>();
  const [busy, setBusy] = React.useState(false);
  const errors = validate(form);
  const shown = (field: string): string | undefined =>
    (serverError?.field === field ? serverError.message : undefined) ??
    (submitted || touched.has(field) ? errors[field] : undefined);

  const change = (patch: Partial<F>, field: string) => {
    setForm(previous => ({ ...previous, ...patch }));
    setTouched(previous => new Set([...previous, field]));
    setServerError(undefined);
  };

  const submit = async (
    save: () => Promise<void>,
    fieldOf: (error: KubeflowAPIError) => string
  ) => {
    setSubmitted(true);
    if (busy || Object.keys(errors).length > 0) {
      return;
    }
    setBusy(true);
    try {
      await save();
    } catch (error) {
      const apiError = error as KubeflowAPIError;
      setServerError({ field: fieldOf(apiError), message: apiError.message });
      setBusy(false);
    }
  };

  return {
    form,
    busy,
    shown,
    formError: serverError?.field === 'form' ? serverError.message : undefined,
    change,
    submit
  };
}
