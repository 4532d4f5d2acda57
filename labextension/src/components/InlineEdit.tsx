/**
 * The end of an in-place editor (a description, labels and properties): the save's error,
 * then Save (Saving… while it runs) and Cancel, both held while the save is out.
 */
import * as React from 'react';

import { useTrans } from '../trans';

import { ErrorLine } from './FormMessages';
import { IAction } from './useAction';

export function SaveActions(props: {
  /** the save (see `useAction`) */
  state: IAction;
  onSave: () => void;
  onCancel: () => void;
  /** Save held back too (the fields are invalid) */
  invalid?: boolean;
  /** the Save button's accessible name, when "Save" alone is not enough */
  saveLabel?: string;
}): JSX.Element {
  const trans = useTrans();
  const { busy: saving, error } = props.state;
  return (
    <>
      <ErrorLine>{error}</ErrorLine>
      <div className="jp-kf-registry-actions">
        <button
          className="jp-mod-styled jp-mod-accept"
          disabled={saving || props.invalid}
          onClick={props.onSave}
          aria-label={props.saveLabel}
        >
          {saving ? trans.__('Saving…') : trans.__('Save')}
        </button>
        <button
          className="jp-mod-styled jp-mod-reject"
          disabled={saving}
          onClick={props.onCancel}
        >
          {trans.__('Cancel')}
        </button>
      </div>
    </>
  );
}
