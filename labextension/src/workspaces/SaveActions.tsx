/**
 * A save form's buttons (FormActions): while the save is out (`busy`) the accepting one
 * says "Saving…" instead of its own words.
 */
import * as React from 'react';

import { FormActions } from '../components/FormActions';
import { useTrans } from '../trans';

export function SaveActions(
  props: React.ComponentProps<typeof FormActions> & { busy: boolean }
): JSX.Element {
  const trans = useTrans();
  const { busy, accept, ...actions } = props;
  return (
    <FormActions {...actions} accept={busy ? trans.__('Saving…') : accept} />
  );
}
