/**
 * The side-panel forms' view of `useForm` (kept for their callers): a field's message
 * once it changed or a submit was tried, the server's refusal at the field `fieldOf`
 * names (or 'form'), `busy` while saving.
 */
import { KubeflowAPIError } from '../api';
import { FormErrors, useForm } from './useForm';

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

export function useCheckedForm<F extends object>(
  initial: () => F,
  validate: (form: F) => FormErrors
): ICheckedForm<F> {
  const { form, busy, shown, change, submit } = useForm(initial, validate);
  return {
    form,
    busy,
    shown: field => shown(field) || undefined,
    formError: shown('form') || undefined,
    change,
    submit: async (save, fieldOf) => {
      await submit(save, {
        fieldOf,
        describe: reason => (reason as Error).message
      });
    }
  };
}
