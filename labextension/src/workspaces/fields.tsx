/**
 * Form pieces of the workspace create and edit views: an option picker showing
 * descriptions and redirects, key/value rows.
 */
import * as React from 'react';

import { Dialog, showDialog } from '@jupyterlab/apputils';

import { EditableRows, IRowField } from '../components/EditableRows';
import { FormField } from '../components/FormField';
import { ITrans, useTrans } from '../trans';

import type { IKindOption, IKindOptions, IWorkspaceKind } from './types';
import {
  filterByLabels,
  labelChoices,
  MetadataField,
  metadataTexts,
  visibleOptions
} from './manifest';
import { denyNote, isDenied, usageNote } from './state';

type OptionField = 'imageConfig' | 'podConfig';

/**
 * A translated text with its `%1`, `%2`… standing for elements (a `<code>`), so the
 * sentence stays whole for translators.
 */
export function placeElements(
  text: string,
  ...elements: React.ReactNode[]
): JSX.Element {
  return (
    <>
      {text.split(/(%\d)/).map((part, index) => {
        const at = /^%(\d)$/.exec(part);
        const element = at ? elements[Number(at[1]) - 1] : undefined;
        return (
          <React.Fragment key={index}>
            {element === undefined ? part : element}
          </React.Fragment>
        );
      })}
    </>
  );
}

/** The words of the image and pod config pickers (each a whole sentence). */
function optionTexts(field: OptionField, trans: ITrans) {
  return field === 'imageConfig'
    ? {
        label: trans.__('Image'),
        /** `%1`: the target (a <code>) */
        redirects: trans.__(
          'The kind redirects this image to %1: a workspace with it is offered that update (it is applied only when chosen, never by pausing and resuming).'
        ),
        filterTitle: trans.__('Show only the image options with these labels')
      }
    : {
        label: trans.__('Pod config'),
        redirects: trans.__(
          'The kind redirects this pod config to %1: a workspace with it is offered that update (it is applied only when chosen, never by pausing and resuming).'
        ),
        filterTitle: trans.__(
          'Show only the pod config options with these labels'
        )
      };
}

/** What a chosen option means: its description, and where a redirect sends it. */
export function OptionHelp(props: {
  option?: IKindOption;
  namespace: string;
}): JSX.Element | null {
  const trans = useTrans();
  const option = props.option;
  if (!option) {
    return null;
  }
  return (
    <>
      {isDenied(option) ? (
        <span className="jp-KubeflowWorkspaces-denied" role="alert">
          {denyNote(option, props.namespace, trans)}{' '}
        </span>
      ) : null}
      {option.description ? <span>{option.description}</span> : null}
      {option.redirect ? (
        <span className="jp-KubeflowWorkspaces-redirect">
          {' '}
          {option.redirect.message
            ? placeElements(
                trans.__('Redirects to %1: %2'),
                <code>{option.redirect.to}</code>,
                option.redirect.message
              )
            : placeElements(
                trans.__('Redirects to %1'),
                <code>{option.redirect.to}</code>
              )}
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
  field: OptionField,
  trans: ITrans
): Promise<string | null> {
  const redirect = option.redirect;
  if (!redirect) {
    return option.id;
  }
  const level = redirect.level ?? 'Info';
  const choose = trans.__('Choose %1', redirect.to);
  const answer = await showDialog({
    title: trans.__('%1 is redirected', option.displayName || option.id),
    body: (
      <div>
        <p>
          {placeElements(
            optionTexts(field, trans).redirects,
            <code>{redirect.to}</code>
          )}
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
        label: trans.__('Keep %1', option.id),
        displayType: 'default'
      }),
      Dialog.okButton({ label: choose })
    ]
  });
  if (!answer.button.accept) {
    return null;
  }
  return answer.button.label === choose ? redirect.to : option.id;
}

/** Toggle buttons over the options' labels ("cpu=1", "gpu=1"): what filters the list. */
function LabelFilter(props: {
  /** What the filter is for. */
  title: string;
  choices: Map<string, string[]>;
  chosen: ReadonlySet<string>;
  onToggle: (text: string) => void;
}): JSX.Element | null {
  const trans = useTrans();
  if (props.choices.size === 0) {
    return null;
  }
  const count = props.chosen.size;
  return (
    <details className="jp-KubeflowWorkspaces-labelFilterBox">
      <summary>
        {count > 0
          ? trans.__('Filter by label (%1 chosen)', count)
          : trans.__('Filter by label')}
      </summary>
      <div
        className="jp-KubeflowWorkspaces-labelFilter"
        role="group"
        aria-label={trans.__('Filter by label')}
        title={props.title}
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
  field: OptionField;
  options?: IKindOptions;
  value: string;
  keep?: string;
  error?: string;
  /** The namespace the kinds were listed for (for the deny reason). */
  namespace: string;
  onChange: (value: string) => void;
}): JSX.Element {
  const trans = useTrans();
  const texts = optionTexts(props.field, trans);
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
    const picked = option
      ? await confirmRedirected(option, props.field, trans)
      : id;
    if (picked !== null) {
      props.onChange(picked);
    }
  };
  return (
    <FormField
      label={texts.label}
      error={props.error}
      help={<OptionHelp option={chosen} namespace={props.namespace} />}
    >
      {control => (
        <>
          <LabelFilter
            title={texts.filterTitle}
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
            {props.value === '' ? (
              <option value="">{trans.__('Choose…')}</option>
            ) : null}
            {offered.map(option => {
              const denied = isDenied(option);
              return (
                <option
                  key={option.id}
                  value={option.id}
                  disabled={denied}
                  data-denied={denied ? 'true' : undefined}
                  data-hidden={option.hidden ? 'true' : undefined}
                  title={
                    denied
                      ? denyNote(option, props.namespace, trans)
                      : option.redirect
                        ? trans.__('Redirects to %1', option.redirect.to)
                        : undefined
                  }
                >
                  {optionLabel(
                    option,
                    option.id === props.options?.default,
                    props.namespace,
                    trans
                  )}
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
              {trans.__('Show hidden options (%1)', hiddenCount)}
            </label>
          ) : null}
          {labels.size > 0 && offered.length === 0 ? (
            <div className="jp-KubeflowWorkspaces-muted" role="status">
              {trans.__('No option has all the chosen labels.')}
            </div>
          ) : null}
        </>
      )}
    </FormField>
  );
}

/**
 * An option as offered: its name, then whether it is the default, hidden, redirected,
 * how many workspaces use it, and why the namespace may not use it.
 */
function optionLabel(
  option: IKindOption,
  isDefault: boolean,
  namespace: string,
  trans: ITrans
): string {
  let label = option.displayName || option.id;
  if (isDefault) {
    label = trans.__('%1 (default)', label);
  }
  if (option.hidden) {
    label = trans.__('%1 (hidden)', label);
  }
  if (option.redirect) {
    label = `${label} ↪ ${option.redirect.to}`;
  }
  const usage = usageNote(option, trans);
  if (usage) {
    label = `${label} · ${usage}`;
  }
  return isDenied(option)
    ? trans.__(
        '%1 — not allowed: %2',
        label,
        denyNote(option, namespace, trans)
      )
    : label;
}

export interface IKeyValue {
  key: string;
  value: string;
}

const KEY_VALUE = ['key', 'value'] as const;

/** Editable key/value rows (pod labels, pod annotations), each input checked apart. */
export function KeyValueRows(props: {
  field: MetadataField;
  rows: IKeyValue[];
  errors: Record<string, string | undefined>;
  onChange: (rows: IKeyValue[]) => void;
}): JSX.Element {
  const trans = useTrans();
  const { field, errors } = props;
  const texts = metadataTexts(field, trans);
  const placeholders = { key: trans.__('key'), value: trans.__('value') };
  return (
    <EditableRows
      legend={texts.title}
      rows={props.rows}
      errors={{}}
      onChange={props.onChange}
      blank={{ key: '', value: '' }}
      removeLabel={index => texts.remove(index + 1)}
      removeTitle={texts.removeTitle}
      addText={texts.add}
      fields={KEY_VALUE.map((part): IRowField<IKeyValue> => ({
        placeholder: placeholders[part],
        label: index => texts[part](index + 1),
        marksError: false,
        error: index => ({
          id: `${field}-${index}-${part}`,
          message: errors[`${field}.${index}.${part}`]
        }),
        get: row => row[part],
        set: (row, value) => ({ ...row, [part]: value })
      }))}
      listError={{ id: `${field}-all`, message: errors[field] }}
    />
  );
}

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
          field={field}
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
            field={field}
            rows={props.rows[field]}
            errors={props.errors}
            onChange={rows => props.onChange(field, rows)}
          />
        ))}
    </>
  );
}
