/**
 * The Workspace kinds view (a main-area tab): every WorkspaceKind with its images, pod
 * configs (resources) and ports, the workspaces of each kind and their GPUs (in use,
 * requested, idle); and, where RBAC allows, creating and editing a kind as YAML in
 * JupyterLab's code editor (the cluster's refusals shown at their lines) and deleting
 * an unused one (the cluster's or the controller's refusal shown as it comes).
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import { MainAreaWidget } from '@jupyterlab/apputils';
import type { IEditorServices } from '@jupyterlab/codeeditor';
import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';

import { Notice } from '../components/Notice';
import { KubeflowAPIError } from '../api';
import { confirmDanger } from '../components/ConfirmDialog';
import { FormActions } from '../components/FormActions';
import { RefreshButton } from '../components/RefreshButton';
import { RefusableButton } from '../components/RefusableButton';
import { useLoad } from '../components/useLoad';
import { kubeflowIcon } from '../icons';
import { IKindEditorHandle, KindEditor } from './KindEditor';
import { copyKindYaml, kindErrorsOf, usageText } from './kinds';
import {
  deleteKind,
  fetchKindsOverview,
  fetchKindText,
  saveKind
} from './kindsClient';
import type {
  IKindError,
  IKindOptionBase,
  IKindOverview,
  IKindRedirect
} from './kindTypes';
import { resourcesLine } from './logs';
import { refusalOf } from './permissions';
import { COMMAND_IDS, phaseName } from './state';
import { ITrans, Messages, useTrans, withTrans } from '../trans';
import type { Verb } from './types';

/** What the editor pane works on: a new kind (name null) or an existing one. */
interface IEditing {
  name: string | null;
  yaml: string;
  serial: number;
}

function Refusable(props: {
  label: string;
  text?: string;
  refusal?: string;
  onClick: () => void;
  danger?: boolean;
}): JSX.Element {
  return (
    <RefusableButton
      className={`jp-KubeflowWorkspaces-action${props.danger ? ' jp-mod-danger' : ''}`}
      aria-label={props.label}
      refusal={props.refusal}
      title={props.label}
      onClick={props.onClick}
    >
      {props.text ?? props.label}
    </RefusableButton>
  );
}

/**
 * A table of a kind's options (images or pod configs): per option its name, whether it
 * is the default or hidden, its id and where it redirects; then its own cells.
 */
function OptionTable<O extends IKindOptionBase>(props: {
  label: string;
  caption: string;
  /** The headers of the option's own cells. */
  columns: string[];
  options: O[];
  defaultId: string;
  /** Each row is marked data-{rowData}="{id}" (tests find it). */
  rowData: string;
  /** What follows a redirect's target (its message). */
  redirectNote?: (redirect: IKindRedirect) => string;
  cells: (option: O) => React.ReactNode;
}): JSX.Element {
  const trans = useTrans();
  return (
    <table className="jp-KubeflowKinds-table" aria-label={props.label}>
      <caption>{props.caption}</caption>
      <thead>
        <tr>
          <th scope="col">{trans.__('Option')}</th>
          {props.columns.map(column => (
            <th key={column} scope="col">
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.options.map(option => (
          <tr key={option.id} {...{ [`data-${props.rowData}`]: option.id }}>
            <th scope="row">
              {option.displayName}
              {option.id === props.defaultId ? ` ${trans.__('(default)')}` : ''}
              {option.hidden ? ` ${trans.__('(hidden)')}` : ''}
              <div className="jp-KubeflowWorkspaces-muted">{option.id}</div>
              {option.redirect ? (
                <div className="jp-KubeflowWorkspaces-muted">
                  ↪ {option.redirect.to}
                  {props.redirectNote?.(option.redirect)}
                </div>
              ) : null}
            </th>
            {props.cells(option)}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function KindCard(props: {
  kind: IKindOverview;
  refusal: (verb: Verb) => string | undefined;
  error?: string;
  onEdit: () => void;
  onCopy: () => void;
  onDelete: () => void;
}): JSX.Element {
  const trans = useTrans();
  const { kind } = props;
  const usage = kind.usage;
  const words = usage ? usageText(usage, trans) : null;
  const inUse =
    usage && usage.workspaces > 0
      ? trans._n(
          'Used by %1 workspace: delete it first.',
          'Used by %1 workspaces: delete them first.',
          usage.workspaces
        )
      : undefined;
  return (
    <li
      className="jp-KubeflowWorkspaces-card jp-KubeflowKinds-card"
      data-kind={kind.name}
      aria-label={trans.__('Workspace kind %1', kind.name)}
    >
      <div className="jp-KubeflowWorkspaces-cardHeader">
        <span className="jp-KubeflowWorkspaces-cardTitle">
          {kind.displayName || kind.name}
        </span>
        <span className="jp-KubeflowWorkspaces-muted">{kind.name}</span>
        {kind.deprecated ? (
          <span
            className="jp-KubeflowWorkspaces-marker jp-mod-restart"
            title={kind.deprecationMessage}
          >
            {trans.__('Deprecated')}
          </span>
        ) : null}
        {kind.hidden ? (
          <span className="jp-KubeflowWorkspaces-marker">
            {trans.__('Hidden')}
          </span>
        ) : null}
      </div>
      {kind.description ? <p>{kind.description}</p> : null}
      <dl className="jp-KubeflowDetails-list" data-kind-usage="">
        <dt>{trans.__('Workspaces')}</dt>
        <dd data-detail="workspaces">
          {words
            ? words.workspaces
            : trans.__(
                "%1 (the controller's count)",
                kind.controllerCount ?? '?'
              )}
        </dd>
        {words ? (
          <>
            <dt>{trans.__('GPUs')}</dt>
            <dd data-detail="gpus">{words.gpus}</dd>
          </>
        ) : null}
        <dt>{trans.__('Ports')}</dt>
        <dd data-detail="ports">
          {kind.ports
            .map(p => `${p.displayName} (${p.id}, ${p.protocol})`)
            .join(', ') || '—'}
        </dd>
      </dl>
      <OptionTable
        label={trans.__('Images of %1', kind.name)}
        caption={trans.__('Images')}
        columns={[trans.__('Image'), trans.__('Ports')]}
        options={kind.images}
        defaultId={kind.defaults.imageConfig}
        rowData="image"
        redirectNote={redirect =>
          redirect.message ? ` (${redirect.level}: ${redirect.message})` : ''
        }
        cells={image => (
          <>
            <td className="jp-KubeflowKinds-image">{image.image}</td>
            <td>
              {image.ports
                .map(p => `${p.displayName}${p.port ? ` :${p.port}` : ''}`)
                .join(', ') || '—'}
            </td>
          </>
        )}
      />
      <OptionTable
        label={trans.__('Pod configs of %1', kind.name)}
        caption={trans.__('Pod configs')}
        columns={[trans.__('Resources')]}
        options={kind.podConfigs}
        defaultId={kind.defaults.podConfig}
        rowData="pod-config"
        cells={config => (
          <td data-resources="">{resourcesLine(config, trans)}</td>
        )}
      />
      {usage && usage.sample.length > 0 ? (
        <details className="jp-KubeflowKinds-workspaces">
          <summary>
            {usage.sample.length < usage.workspaces
              ? trans.__('Its workspaces (the first %1)', usage.sample.length)
              : trans.__('Its workspaces')}
          </summary>
          <ul>
            {usage.sample.map(ws => (
              <li
                key={`${ws.namespace}/${ws.name}`}
                data-kind-workspace={ws.name}
              >
                {ws.namespace}/{ws.name}: {phaseName(ws.phase, trans)},{' '}
                {ws.gpus > 0
                  ? trans._n('%2, %1 GPU', '%2, %1 GPUs', ws.gpus, ws.podConfig)
                  : ws.podConfig}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <Notice role="alert" tone="error">
        {props.error}
      </Notice>
      <div className="jp-KubeflowWorkspaces-actions">
        <Refusable
          label={trans.__('Edit kind %1', kind.name)}
          text={trans.__('Edit YAML')}
          refusal={props.refusal('update')}
          onClick={props.onEdit}
        />
        <Refusable
          label={trans.__('Copy kind %1', kind.name)}
          text={trans.__('Copy as new')}
          refusal={props.refusal('create')}
          onClick={props.onCopy}
        />
        <Refusable
          label={trans.__('Delete kind %1', kind.name)}
          text={trans.__('Delete')}
          danger
          refusal={props.refusal('delete') ?? inUse}
          onClick={props.onDelete}
        />
      </div>
    </li>
  );
}

function EditorPane(props: {
  editing: IEditing;
  services: IEditorServices;
  onSaved: (name: string) => void;
  onCancel: () => void;
}): JSX.Element {
  const trans = useTrans();
  const handle = React.useRef<IKindEditorHandle | null>(null);
  const [errors, setErrors] = React.useState<IKindError[]>([]);
  const [note, setNote] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);
  const run = async (dryRun: boolean) => {
    if (!handle.current || busy) {
      return;
    }
    setBusy(true);
    setNote(null);
    try {
      const answer = await saveKind(
        props.editing.name,
        handle.current.text(),
        dryRun
      );
      setErrors([]);
      handle.current.showErrors([]);
      if (dryRun) {
        setNote(trans.__('The cluster accepts it (checked, not saved).'));
      } else {
        props.onSaved(answer.item.name);
      }
    } catch (error) {
      const found = kindErrorsOf(error as KubeflowAPIError);
      setErrors(found);
      handle.current.showErrors(found);
      const first = found.find(e => e.line);
      if (first?.line) {
        handle.current.goToLine(first.line);
      }
    } finally {
      setBusy(false);
    }
  };
  return (
    <section
      className="jp-KubeflowKinds-editorPane"
      aria-label={
        props.editing.name
          ? trans.__('Edit %1 as YAML', props.editing.name)
          : trans.__('Edit new kind as YAML')
      }
    >
      <h3 className="jp-KubeflowWorkspaces-formTitle">
        {props.editing.name
          ? trans.__('Edit %1', props.editing.name)
          : trans.__('New workspace kind')}
      </h3>
      <KindEditor
        key={props.editing.serial}
        services={props.services}
        initial={props.editing.yaml}
        label={
          props.editing.name
            ? trans.__('YAML of %1', props.editing.name)
            : trans.__('YAML of new kind')
        }
        onReady={ready => (handle.current = ready)}
        onChange={() => setNote(null)}
      />
      {errors.length > 0 ? (
        <ul
          className="jp-KubeflowKinds-errors"
          aria-label={trans.__('The cluster refused it')}
          role="alert"
        >
          {errors.map((error, index) => (
            <li key={index} data-error-field={error.field}>
              {error.line ? (
                <button
                  type="button"
                  className="jp-KubeflowWorkspaces-linkButton"
                  onClick={() => handle.current?.goToLine(error.line as number)}
                >
                  {trans.__('line %1', error.line)}
                </button>
              ) : null}{' '}
              {error.field && !error.message.startsWith(error.field)
                ? `${error.field}: `
                : ''}
              {error.message}
            </li>
          ))}
        </ul>
      ) : null}
      <Notice role="status">{note}</Notice>
      <FormActions
        onCancel={props.onCancel}
        accept={
          busy
            ? trans.__('Saving…')
            : props.editing.name
              ? trans.__('Save')
              : trans.__('Create')
        }
        disabled={busy}
        onAccept={() => void run(false)}
      >
        <button
          type="button"
          className="jp-Dialog-button jp-mod-styled"
          disabled={busy}
          onClick={() => void run(true)}
        >
          {trans.__('Check')}
        </button>
      </FormActions>
    </section>
  );
}

/** Why the user may not act on kinds (RBAC's verbs). */
const KIND_REFUSALS: Messages<Verb> = {
  create: trans => trans.__('You may not create workspace kinds.'),
  update: trans => trans.__('You may not update workspace kinds.'),
  delete: trans => trans.__('You may not delete workspace kinds.')
};

export function KindsView(props: { services: IEditorServices }): JSX.Element {
  const trans = useTrans();
  const loaded = useLoad(fetchKindsOverview, '');
  const overview = loaded.value;
  const error = loaded.error
    ? trans.__('Cannot list the workspace kinds: %1', loaded.error)
    : null;
  const [editing, setEditing] = React.useState<IEditing | null>(null);
  const [cardErrors, setCardErrors] = React.useState<Record<string, string>>(
    {}
  );
  const serial = React.useRef(0);

  const permissions = overview?.permissions;
  const refusal = (verb: Verb): string | undefined =>
    refusalOf(permissions, verb, KIND_REFUSALS[verb](trans), trans);
  const open = async (name: string, copy: boolean) => {
    try {
      const text = await fetchKindText(name);
      serial.current += 1;
      setEditing({
        name: copy ? null : name,
        yaml: copy ? copyKindYaml(text.yaml, `${name}-copy`) : text.yaml,
        serial: serial.current
      });
    } catch (failure) {
      setCardErrors(previous => ({
        ...previous,
        [name]: (failure as Error).message
      }));
    }
  };
  const remove = async (name: string) => {
    const confirmed = await confirmDanger({
      title: trans.__('Delete workspace kind %1?', name),
      body: trans.__(
        'No workspace uses it. It is removed from the cluster: nobody can create workspaces of it any more.'
      ),
      label: trans.__('Delete'),
      ariaLabel: trans.__('Delete kind %1', name)
    });
    if (!confirmed) {
      return;
    }
    try {
      await deleteKind(name);
      loaded.reload();
    } catch (failure) {
      setCardErrors(previous => ({
        ...previous,
        [name]: trans.__('Not deleted: %1', (failure as Error).message)
      }));
    }
  };

  return (
    <div
      className="jp-KubeflowKinds"
      role="region"
      aria-label={trans.__('Workspace kinds')}
    >
      <div className="jp-KubeflowWorkspaces-toolbar">
        <h2 className="jp-KubeflowKinds-title">
          {trans.__('Workspace kinds')}
        </h2>
        <RefreshButton onClick={() => loaded.reload()} />
        <Refusable
          label={trans.__('New workspace kind')}
          text={trans.__('+ New kind')}
          refusal={
            refusal('create') ??
            (overview?.items.length
              ? undefined
              : trans.__('No kind to start from.'))
          }
          onClick={() => overview && void open(overview.items[0].name, true)}
        />
      </div>
      <Notice role="alert" tone="error">
        {error}
      </Notice>
      <Notice role="status">{overview?.usageError}</Notice>
      {editing ? (
        <EditorPane
          editing={editing}
          services={props.services}
          onSaved={() => {
            setEditing(null);
            loaded.reload();
          }}
          onCancel={() => setEditing(null)}
        />
      ) : null}
      {/* the kinds once listed, else that they are loading (unless that failed) */}
      {overview ? (
        <ul
          className="jp-KubeflowWorkspaces-list"
          aria-label={trans.__('Kinds')}
        >
          {overview.items.map(kind => (
            <KindCard
              key={kind.name}
              kind={kind}
              refusal={refusal}
              error={cardErrors[kind.name]}
              onEdit={() => void open(kind.name, false)}
              onCopy={() => void open(kind.name, true)}
              onDelete={() => void remove(kind.name)}
            />
          ))}
        </ul>
      ) : error ? null : (
        <p className="jp-KubeflowWorkspaces-muted" role="status">
          {trans.__('Loading workspace kinds…')}
        </p>
      )}
    </div>
  );
}

/** Registers the command that opens (or brings back) the kinds view. */
export function addKindsCommand(
  app: JupyterFrontEnd,
  services: IEditorServices | null,
  trans: ITrans
): void {
  let widget: MainAreaWidget | null = null;
  app.commands.addCommand(COMMAND_IDS.kinds, {
    label: trans.__('Kubeflow Workspace Kinds'),
    caption: trans.__(
      'The WorkspaceKinds: images, pod configs, ports, their workspaces and GPUs'
    ),
    icon: kubeflowIcon,
    isEnabled: () => services !== null,
    execute: () => {
      if (!services) {
        return;
      }
      if (widget && !widget.isDisposed) {
        app.shell.activateById(widget.id);
        return;
      }
      const content = ReactWidget.create(
        withTrans(trans, <KindsView services={services} />)
      );
      widget = new MainAreaWidget({ content });
      widget.id = 'kubeflow-workspace-kinds';
      widget.title.label = trans.__('Workspace Kinds');
      widget.title.icon = kubeflowIcon;
      widget.title.closable = true;
      widget.addClass('jp-KubeflowKinds-panel');
      app.shell.add(widget, 'main');
      app.shell.activateById(widget.id);
    }
  });
}
