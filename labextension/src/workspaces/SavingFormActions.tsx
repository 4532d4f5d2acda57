/**
 * A side-panel form's buttons (FormActions) for a save: while it is out (`busy`) the
 * accepting one says "Saving…" instead of its own words. (The registry's in-place
 * editors end with components/InlineEdit's SaveActions instead.)
 */
import * as React from 'react';

import { FormActions } from '../components/FormActions';
import { useTrans } from '../trans';

export function SavingFormActions(
  props: React.ComponentProps<typeof FormActions> & { busy: boolean }
): JSX.Element {
  const trans = useTrans();
  const { busy, accept, ...actions } = props;
  return (
    <FormActions {...actions} accept={busy ? trans.__('Saving…') : accept} />
  );
}
