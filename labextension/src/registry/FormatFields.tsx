/**
 * A model's format and format version, side by side, with the registry's known formats
 * offered as you type (the register and the catalog register dialogs).
 */
import * as React from 'react';

import { TextField, textFields } from '../components/TextField';
import { useTrans } from '../trans';
import { IModelFormat } from './types';

export interface IFormatValues {
  modelFormatName: string;
  modelFormatVersion: string;
}

export function FormatFields(props: {
  values: IFormatValues;
  formats: IModelFormat[];
  /** the datalist's id, unique in the page */
  listId: string;
  shown: (field: string) => string;
  update: (change: Partial<IFormatValues>) => void;
  placeholders?: Partial<IFormatValues>;
}): JSX.Element {
  const trans = useTrans();
  const { placeholders } = props;
  const field = textFields(props.values, props.shown, props.update);
  return (
    <div className="jp-kf-registry-formRow">
      <TextField
        label={trans.__('Format')}
        {...field('modelFormatName')}
        placeholder={placeholders?.modelFormatName}
        suggestions={{
          id: props.listId,
          options: props.formats.map(format => ({
            value: format.name,
            label:
              typeof format.description === 'string'
                ? format.description
                : undefined
          }))
        }}
      />
      <TextField
        label={trans.__('Format version')}
        {...field('modelFormatVersion')}
        placeholder={placeholders?.modelFormatVersion}
      />
    </div>
  );
}
