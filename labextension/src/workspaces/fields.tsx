/**
 * Form pieces of the workspace create and edit views: an option picker showing
 * descriptions and redirects, key/value rows.
 */
import * as React from 'react';

import { Dialog, showDialog } from '@jupyterlab/apputils';

import { AddRowButton } from '../components/AddRowButton';
import { FormField, FieldError } from '../components/FormField';
import { RemoveRowButton } from '../components/RemoveRowButton';
import { patchRow, removeRow } from '../components/rows';

import type { IKindOption, IKindOptions, IWorkspaceKind } from './types';
import { filterByLabels, labelChoices, visibleOptions } from './manifest';
import { denyNote, isDenied, usageNote } from './state';

/** What a chosen option means: its description, and where a redirect sends it. */
export function OptionHelp(props: {
  option?: IKindOption;
  namespace?: string;
}): JSX.Element | null {
  const option = props.option;
  if (!option) {
    return null;
  }
  return (
    <>
      {isDenied(option) ? (
        <span className="jp-KubeflowWorkspaces-denied" role="alert">
          {denyNote(option, props.namespace ?? 'this namespace')}{' '}
        </span>
      ) : null}
      {option.description ? <span>{option.description}</span> : null}
      {option.redirect ? (
        <span className="jp-KubeflowWorkspaces-redirect">
          {' '}
          Redirects to <code>{option.redirect.to}</code>
          {option.redirect.message ? `: ${option.redirect.message}` : ''}
        </span>
      ) : null}
    </>
  );
}

/**
 * Before an option that the kind redirects is chosen: what the redirect means, and the
 * choice of its target instead. Resolves to the option to choose, or null (cancel).
 */
export async function confirmRedirected(
  option: IKindOption,
  label: string
): Promise<string | null> {
  const redirect = option.redirect;
  if (!redirect) {
    return option.id;
  }
  const level = redirect.level ?? 'Info';
  const answer = await showDialog({
    title: `${option.displayName || option.id} is redirected`,
    body: (
      <div>
        <p>
          The kind redirects this {label.toLowerCase()} to{' '}
          <code>{redirect.to}</code>: a workspace with it is offered that update
          (it is applied only when chosen, never by pausing and resuming).
        </p>
        {redirect.message ? (
          <p
            className={`jp-KubeflowWorkspaces-redirectMessage jp-mod-${level.toLowerCase()}`}
          >
            {level}: {redirect.message}
          </p>
        ) : null}
      </div>
    ),
    buttons: [
      Dialog.cancelButton(),
      Dialog.okButton({
        label: `Keep ${option.id}`,
        displayType: 'default'
      }),
      Dialog.okButton({ label: `Choose ${redirect.to}` })
    ]
  });
  if (!answer.button.accept) {
    return null;
  }
  return answer.button.label === `Choose ${redirect.to}`
    ? redirect.to
    : option.id;
}

/** Toggle buttons over the options' labels ("cpu=1", "gpu=1"): what filters the list. */
function LabelFilter(props: {
  label: string;
  choices: Map<string, string[]>;
  chosen: ReadonlySet<string>;
  onToggle: (text: string) => void;
}): JSX.Element | null {
  if (props.choices.size === 0) {
    return null;
  }
  const count = props.chosen.size;
  return (
    <details className="jp-KubeflowWorkspaces-labelFilterBox">
      <summary>Filter by label{count > 0 ? ` (${count} chosen)` : ''}</summary>
      <div
        className="jp-KubeflowWorkspaces-labelFilter"
        role="group"
        aria-label="Filter by label"
        title={`Show only the ${props.label.toLowerCase()} options with these labels`}
      >
        {[...props.choices.entries()].map(([key, values]) =>
          values.map(value => {
            const text = `${key}=${value}`;
            return (
              <button
                key={text}
                type="button"
                className="jp-KubeflowWorkspaces-chip"
                aria-pressed={props.chosen.has(text)}
                data-label-filter={text}
                onClick={() => props.onToggle(text)}
              >
                {text}
              </button>
            );
          })
        )}
      </div>
    </details>
  );
}

/**
 * A picker of a kind's image or pod config options. Hidden ones are left out unless
 * "Show hidden" is ticked; the options' labels filter the list; choosing an option the
 * kind redirects explains the redirect first and offers its target. Options the
 * namespace may not use (the kind's filter rules) are listed disabled with the reason;
 * each says how many workspaces use it when the server counted them.
 */
export function OptionSelect(props: {
  label: string;
  options?: IKindOptions;
  value: string;
  keep?: string;
  error?: string;
  /** The namespace the kinds were listed for (for the deny reason). */
  namespace?: string;
  onChange: (value: string) => void;
}): JSX.Element {
  const [showHidden, setShowHidden] = React.useState(false);
  const [labels, setLabels] = React.useState<ReadonlySet<string>>(new Set());
  const all = props.options?.options ?? [];
  const hiddenCount = all.filter(option => option.hidden).length;
  const visible = props.options
    ? showHidden
      ? all
      : visibleOptions(props.options, props.keep ?? props.value)
    : [];
  const offered = filterByLabels(visible, labels, props.value);
  const chosen = all.find(option => option.id === props.value);
  const choose = async (id: string) => {
    const option = all.find(candidate => candidate.id === id);
    const picked = option ? await confirmRedirected(option, props.label) : id;
    if (picked !== null) {
      props.onChange(picked);
    }
  };
  return (
    <FormField
      label={props.label}
      error={props.error}
      help={<OptionHelp option={chosen} namespace={props.namespace} />}
    >
      {control => (
        <>
          <LabelFilter
            label={props.label}
            choices={labelChoices(visible)}
            chosen={labels}
            onToggle={text =>
              setLabels(previous => {
                const next = new Set(previous);
                if (!next.delete(text)) {
                  next.add(text);
                }
                return next;
              })
            }
          />
          <select
            {...control}
            value={props.value}
            onChange={event => void choose(event.target.value)}
          >
            {props.value === '' ? <option value="">Choose…</option> : null}
            {offered.map(option => {
              const denied = isDenied(option);
              const usage = usageNote(option);
              return (
                <option
                  key={option.id}
                  value={option.id}
                  disabled={denied}
                  data-denied={denied ? 'true' : undefined}
                  data-hidden={option.hidden ? 'true' : undefined}
                  title={
                    denied
                      ? denyNote(option, props.namespace ?? 'this namespace')
                      : option.redirect
                        ? `Redirects to ${option.redirect.to}`
                        : undefined
                  }
                >
                  {option.displayName || option.id}
                  {option.id === props.options?.default ? ' (default)' : ''}
                  {option.hidden ? ' (hidden)' : ''}
                  {option.redirect ? ` ↪ ${option.redirect.to}` : ''}
                  {usage ? ` · ${usage}` : ''}
                  {denied
                    ? ` — not allowed: ${denyNote(option, props.namespace ?? 'this namespace')}`
                    : ''}
                </option>
              );
            })}
          </select>
          {hiddenCount > 0 ? (
            <label className="jp-KubeflowWorkspaces-check">
              <input
                type="checkbox"
                checked={showHidden}
                onChange={event => setShowHidden(event.target.checked)}
              />
              Show hidden options ({hiddenCount})
            </label>
          ) : null}
          {labels.size > 0 && offered.length === 0 ? (
            <div className="jp-KubeflowWorkspaces-muted" role="status">
              No option has all the chosen labels.
            </div>
          ) : null}
        </>
      )}
    </FormField>
  );
}

export interface IKeyValue {
  key: string;
  value: string;
}

const KEY_VALUE = ['key', 'value'] as const;

/** Editable key/value rows (pod labels, pod annotations). */
export function KeyValueRows(props: {
  title: string;
  field: 'labels' | 'annotations';
  rows: IKeyValue[];
  errors: Record<string, string | undefined>;
  onChange: (rows: IKeyValue[]) => void;
}): JSX.Element {
  const singular = props.field === 'labels' ? 'label' : 'annotation';
  const update = (index: number, change: Partial<IKeyValue>) =>
    props.onChange(patchRow(props.rows, index, change));
  return (
    <fieldset className="jp-KubeflowWorkspaces-rows">
      <legend>{props.title}</legend>
      {props.rows.map((row, index) => {
        const errorOf = (part: keyof IKeyValue) =>
          props.errors[`${props.field}.${index}.${part}`];
        return (
          <div key={index} className="jp-KubeflowWorkspaces-row">
            {KEY_VALUE.map(part => (
              <input
                key={part}
                className="jp-KubeflowWorkspaces-input"
                aria-label={`Pod ${singular} ${index + 1} ${part}`}
                aria-invalid={!!errorOf(part)}
                placeholder={part}
                value={row[part]}
                onChange={event =>
                  update(index, { [part]: event.target.value })
                }
              />
            ))}
            <RemoveRowButton
              label={`Remove pod ${singular} ${index + 1}`}
              title={`Remove this ${singular}`}
              onClick={() => props.onChange(removeRow(props.rows, index))}
            />
            {KEY_VALUE.map(part => (
              <FieldError
                key={part}
                id={`${props.field}-${index}-${part}`}
                message={errorOf(part)}
              />
            ))}
          </div>
        );
      })}
      <FieldError
        id={`${props.field}-all`}
        message={props.errors[props.field]}
      />
      <AddRowButton
        onClick={() => props.onChange([...props.rows, { key: '', value: '' }])}
      >
        + Add {singular}
      </AddRowButton>
    </fieldset>
  );
}

type OptionField = 'imageConfig' | 'podConfig';
const OPTION_LABELS: Record<OptionField, string> = {
  imageConfig: 'Image',
  podConfig: 'Pod config'
};

/** The kind's two option pickers (image, pod config) of a workspace form. */
export function KindOptionSelects(props: {
  kind?: IWorkspaceKind;
  chosen: Record<OptionField, string>;
  /** What the workspace has now (an edit keeps offering it even when hidden). */
  keep?: Record<OptionField, string>;
  namespace: string;
  errorOf: (field: OptionField) => string | undefined;
  onChange: (field: OptionField, value: string) => void;
}): JSX.Element {
  return (
    <>
      {(['imageConfig', 'podConfig'] as const).map(field => (
        <OptionSelect
          key={field}
          label={OPTION_LABELS[field]}
          options={props.kind?.[field]}
          keep={props.keep?.[field]}
          value={props.chosen[field]}
          namespace={props.namespace}
          error={props.errorOf(field)}
          onChange={value => props.onChange(field, value)}
        />
      ))}
    </>
  );
}

type MetadataField = 'labels' | 'annotations';
const METADATA_TITLES: Record<MetadataField, string> = {
  labels: 'Pod labels',
  annotations: 'Pod annotations'
};

/** The pod's labels and annotations of a workspace form (those `editable` names). */
export function PodMetadataRows(props: {
  rows: Record<MetadataField, IKeyValue[]>;
  errors: Record<string, string | undefined>;
  editable?: ReadonlySet<string>;
  onChange: (field: MetadataField, rows: IKeyValue[]) => void;
}): JSX.Element {
  return (
    <>
      {(['labels', 'annotations'] as const)
        .filter(field => !props.editable || props.editable.has(field))
        .map(field => (
          <KeyValueRows
            key={field}
            title={METADATA_TITLES[field]}
            field={field}
            rows={props.rows[field]}
            errors={props.errors}
            onChange={rows => props.onChange(field, rows)}
          />
        ))}
    </>
  );
}
