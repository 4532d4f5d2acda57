/**
 * The fields that create a PVC: name, size, storage class (the default marked) and
 * access mode. A group, not a <form>: it also sits inside the workspace forms, so Enter
 * creates the volume here instead of submitting the outer form, and Escape closes only
 * this group.
 */
import * as React from 'react';

import { FieldError } from '../components/FormField';
import { FormActions } from '../components/FormActions';
import { SelectField } from '../components/SelectField';
import { NameField, TextInputField } from '../components/TextInputField';
import { useCheckedForm } from '../components/useCheckedForm';
import { useTrans } from '../trans';
import {
  ACCESS_MODES,
  emptyVolumeForm,
  isUsableClass,
  IStorageClass,
  IVolume,
  storageClassLabel,
  storageFieldOf,
  validateVolumeForm,
  volumeCreateBody
} from './storage';
import { createVolume } from './storageClient';

export function NewVolumeFields(props: {
  namespace: string;
  storageClasses: IStorageClass[];
  /** Names already used in the namespace. */
  taken: readonly string[];
  onCreated: (volume: IVolume) => void;
  onCancel: () => void;
}): JSX.Element {
  const trans = useTrans();
  const { form, busy, shown, formError, change, submit } = useCheckedForm(
    () => emptyVolumeForm(props.storageClasses),
    checked => validateVolumeForm(checked, props.taken, trans)
  );

  const create = () =>
    submit(
      async () =>
        props.onCreated(
          await createVolume(props.namespace, volumeCreateBody(form))
        ),
      apiError => storageFieldOf(apiError.field, apiError.status ?? 0)
    );

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key === 'Enter' && event.target instanceof HTMLInputElement) {
      event.preventDefault();
      event.stopPropagation();
      void create();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      props.onCancel();
    }
  };

  // "None" (the cluster's default) is offered unless a usable default is preselected.
  const hasDefault = props.storageClasses.some(
    sc => sc.isDefault && isUsableClass(sc)
  );
  return (
    <div
      className="jp-KubeflowStorage-newVolume"
      role="group"
      aria-label={trans.__('New volume in %1', props.namespace)}
      onKeyDown={onKeyDown}
    >
      <FieldError id="jp-kfst-volume-form-error" message={formError} />
      <NameField
        label={trans.__('Volume name')}
        error={shown('name')}
        value={form.name}
        onChange={name => change({ name }, 'name')}
      />
      <TextInputField
        label={trans.__('Size')}
        error={shown('size')}
        help={trans.__('e.g. 500Mi, 10Gi, 1Ti')}
        identifier
        value={form.size}
        onChange={size => change({ size }, 'size')}
      />
      <SelectField
        label={trans.__('Storage class')}
        error={shown('storageClass')}
        help={
          props.storageClasses.length === 0
            ? trans.__(
                'This cluster lists no storage classes: the claim waits for a volume an administrator provides.'
              )
            : props.storageClasses.some(sc => !isUsableClass(sc))
              ? trans.__(
                  'Only classes labelled notebooks.kubeflow.org/can-use by an administrator may be used.'
                )
              : undefined
        }
        value={form.storageClass}
        onChange={storageClass => change({ storageClass }, 'storageClass')}
      >
        {!hasDefault ? (
          <option value="">
            {trans.__("None (the cluster's default, if any)")}
          </option>
        ) : null}
        {props.storageClasses.map(sc => (
          <option
            key={sc.name}
            value={sc.name}
            disabled={!isUsableClass(sc)}
            data-can-use={isUsableClass(sc) ? 'true' : 'false'}
          >
            {storageClassLabel(sc, trans)}
          </option>
        ))}
      </SelectField>
      <SelectField
        label={trans.__('Access mode')}
        error={shown('accessModes')}
        value={form.accessMode}
        onChange={accessMode => change({ accessMode }, 'accessModes')}
      >
        {ACCESS_MODES.map(mode => (
          <option key={mode} value={mode}>
            {mode}
          </option>
        ))}
      </SelectField>
      <FormActions
        onCancel={props.onCancel}
        accept={busy ? trans.__('Creating…') : trans.__('Create volume')}
        disabled={busy}
        onAccept={() => void create()}
      />
    </div>
  );
}
