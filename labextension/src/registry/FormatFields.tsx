/**
 * A model's format and format version, side by side, with the registry's known formats
 * (asked for when the dialog opens) offered as you type (the register and the catalog
 * register dialogs).
 */
import * as React from 'react';

import { TextInputField } from '../components/TextInputField';
import { IForm, textFields } from '../components/useForm';
import { useTrans } from '../trans';
import { listFormats } from './client';
import { IModelFormat } from './types';

export interface IFormatValues {
  modelFormatName: string;
  modelFormatVersion: string;
}

export function FormatFields(props: {
  /** the dialog's form (see `useForm`) */
  of: Pick<IForm<IFormatValues>, 'form' | 'shown' | 'update'>;
  /** the datalist's id, unique in the page */
  listId: string;
  placeholders?: Partial<IFormatValues>;
  /** hears the known formats once they came */
  onFormats?: (formats: IModelFormat[]) => void;
}): JSX.Element {
  const trans = useTrans();
  const { of, placeholders } = props;
  const formats = useFormats(props.onFormats);
  const field = textFields(of.form, of.shown, of.update);
  return (
    <div className="jp-kf-registry-formRow">
      <TextInputField
        label={trans.__('Format')}
        {...field('modelFormatName')}
        placeholder={placeholders?.modelFormatName}
        suggestions={{
          id: props.listId,
          options: formats.map(format => ({
            value: format.name,
            label:
              typeof format.description === 'string'
                ? format.description
                : undefined
          }))
        }}
      />
      <TextInputField
        label={trans.__('Format version')}
        {...field('modelFormatVersion')}
        placeholder={placeholders?.modelFormatVersion}
      />
    </div>
  );
}

/**
 * The registry's known formats, asked for once when a dialog opens; `onLoad` hears
 * them (to prefill a format or a runtime). None while loading, or when the server
 * cannot say: the fields still take a typed format.
 */
export function useFormats(
  onLoad?: (formats: IModelFormat[]) => void
): IModelFormat[] {
  const [formats, setFormats] = React.useState<IModelFormat[]>([]);
  React.useEffect(() => {
    listFormats().then(
      ({ formats }) => {
        setFormats(formats);
        onLoad?.(formats);
      },
      () => setFormats([])
    );
  }, []);
  return formats;
}
