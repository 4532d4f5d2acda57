/**
 * The state of every form (side panel or dialog): its values, which messages show, and
 * the submit step. A field's own check shows once that field changed (or, with
 * `touchAll`, once anything did) or a submit was tried; the server's refusal shows at
 * the field it names (else at `form`) until the values change again. A submit with
 * errors, or while one is out, does nothing; `busy` stays on after a success, as the
 * form is closing.
 */
import * as React from 'react';

import { errorMessage, KubeflowAPIError } from '../api';

/** Messages by field name; `form` for one that belongs to no field. */
export type FormErrors = Record<string, string>;

export interface ISubmitOptions {
  /** The field a refusal belongs to ('form' for none); by default the field the
   * server named when the form has it. */
  fieldOf?: (error: KubeflowAPIError) => string;
  /** The refusal's message; by default `errorMessage` (which names the field). */
  describe?: (reason: unknown) => string;
}

export interface IForm<F> {
  form: F;
  setForm: React.Dispatch<React.SetStateAction<F>>;
  /** Change some values (the server's last refusal no longer applies). */
  update: (change: Partial<F>) => void;
  /** Change some values and count `field` as touched. */
  change: (change: Partial<F>, field: string) => void;
  /** Count every field as touched (a dialog's form, once a person edits it). */
  touchAll: () => void;
  /** Every field counts as touched (after `touchAll` or a submit). */
  touched: boolean;
  /** Every message, checked and from the server. */
  errors: FormErrors;
  /** The message to show at a field now, or ''. */
  shown: (field: string) => string;
  /** A text field's props bound to this form: `<TextInputField {...field('name')} />`. */
  field: TextFieldBinder<F>;
  busy: boolean;
  /** Check, then `send`; true when the server accepted. */
  submit: (
    send: (form: F) => Promise<void>,
    options?: ISubmitOptions
  ) => Promise<boolean>;
}

export function useForm<F extends object>(
  initial: F | (() => F),
  validate: (form: F) => FormErrors
): IForm<F> {
  const [form, setForm] = React.useState<F>(initial);
  const [touched, setTouched] = React.useState<ReadonlySet<string>>(new Set());
  const [all, setAll] = React.useState(false);
  const [serverErrors, setServerErrors] = React.useState<FormErrors>({});
  const [busy, setBusy] = React.useState(false);

  const checked = validate(form);
  const errors: FormErrors = { ...checked, ...serverErrors };
  const shown = (field: string): string =>
    serverErrors[field] ??
    ((all || touched.has(field) ? checked[field] : '') || '');

  const update = (change: Partial<F>): void => {
    setForm(previous => ({ ...previous, ...change }));
    setServerErrors({});
  };
  const change = (patch: Partial<F>, field: string): void => {
    update(patch);
    setTouched(previous => new Set([...previous, field]));
  };

  const submit = async (
    send: (form: F) => Promise<void>,
    options: ISubmitOptions = {}
  ): Promise<boolean> => {
    setAll(true);
    if (busy || Object.keys(checked).length > 0) {
      return false;
    }
    setBusy(true);
    try {
      await send(form);
      return true;
    } catch (reason) {
      const apiError = reason instanceof KubeflowAPIError ? reason : undefined;
      const field = !apiError
        ? 'form'
        : options.fieldOf
          ? options.fieldOf(apiError)
          : apiError.field && apiError.field in form
            ? apiError.field
            : 'form';
      setServerErrors({ [field]: (options.describe ?? errorMessage)(reason) });
      setBusy(false);
      return false;
    }
  };
  return {
    form,
    setForm,
    update,
    change,
    touchAll: () => setAll(true),
    touched: all,
    errors,
    shown,
    field: textFields(form, shown, update),
    busy,
    submit
  };
}

/** The names of a form's text values. */
export type TextKeys<F> = {
  [K in keyof F]-?: F[K] extends string | undefined ? K : never;
}[keyof F] &
  string;

/** What a text field takes from its form. */
export interface IBoundTextField {
  name: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}

/** A text field's name, value, error and change handler, for `{...field('name')}`. */
export type TextFieldBinder<F> = (name: TextKeys<F>) => IBoundTextField;

/** Binds text fields to a form's values, messages and change handler. */
export function textFields<F>(
  form: F,
  error: (name: string) => string | undefined,
  update: (change: Partial<F>) => void
): TextFieldBinder<F> {
  return name => ({
    name,
    value: (form[name] as string | undefined) ?? '',
    error: error(name) || undefined,
    onChange: value => update({ [name]: value } as Partial<F>)
  });
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
