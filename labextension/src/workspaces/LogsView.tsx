/** A labelled choice of the toolbar (disabled while there is nothing to choose). */
function Choice(props: {
  label: string;
  value: string;
  choices: readonly { value: string; label: string }[];
  onChange: (value: string) => void;
}): JSX.Element {
  return (
    <label className="jp-KubeflowLogs-field">
      {props.label}{' '}
      <select
        className="jp-KubeflowWorkspaces-input"
        value={props.value}
        disabled={props.choices.length === 0}
        onChange={event => props.onChange(event.target.value)}
      >
        {props.choices.map(choice => (
          <option key={choice.value} value={choice.value}>
            {choice.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A switch of the toolbar: a labelled checkbox. */
function Toggle(props: {
  label: string;
  title?: string;
  checked: boolean;
  disabled?: boolean;
  onChange: (checked: boolean) => void;
}): JSX.Element {
  return (
    <label className="jp-KubeflowLogs-field" title={props.title}>
      <input
        type="checkbox"
        checked={props.checked}
        disabled={props.disabled}
        onChange={event => props.onChange(event.target.checked)}
      />{' '}
      {props.label}
    </label>
  );
}

/**
 * A workspace's container logs in a main-area tab: a container picker, how many lines,
 * since when, the previous container (before its last restart), a Follow toggle
 * (server-sent events, bounded by the server and again here), wrap lines, download and
 * refresh, and the server's word when there is nothing to show ("has no pod yet") in
 * place of an empty box.
 */
import type { JupyterFrontEnd } from '@jupyterlab/application';
import { MainAreaWidget } from '@jupyterlab/apputils';
import { ReactWidget } from '@jupyterlab/ui-components';
import * as React from 'react';

import { Notice } from '../components/Notice';
import { RefreshButton } from '../components/RefreshButton';
import { KubeflowAPIError } from '../api';
import { fetchLogs, ILogQuery, logsStreamURL } from './client';
import { kubeflowIcon } from '../icons';
import {
  appendBounded,
  logFileName,
  parseLogEvent,
  sinceChoices,
  sinceSecondsOf
} from './logs';
import { COMMAND_IDS } from './state';
import { ITrans, useTrans, withTrans } from '../trans';

const TAIL_CHOICES = [100, 200, 1000, 5000];

interface ILogsState {
  pod: string;
  container: string;
  containers: string[];
  text: string;
  truncated: boolean;
}

export function LogsView(props: {
  namespace: string;
  name: string;
}): JSX.Element {
  const trans = useTrans();
  const { namespace, name } = props;
  const [container, setContainer] = React.useState('');
  const [tailLines, setTailLines] = React.useState(200);
  const [follow, setFollow] = React.useState(false);
  const [since, setSince] = React.useState('');
  const [sinceTime, setSinceTime] = React.useState('');
  const [previous, setPrevious] = React.useState(false);
  const [wrap, setWrap] = React.useState(true);
  const [logs, setLogs] = React.useState<ILogsState | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [note, setNote] = React.useState<string | null>(null);
  const [loading, setLoading] = React.useState(true);
  const [reload, setReload] = React.useState(0);
  const textRef = React.useRef<HTMLPreElement>(null);

  const sinceSeconds = sinceSecondsOf(since, sinceTime, trans);
  const sinceError =
    typeof sinceSeconds === 'object' ? sinceSeconds.error : null;
  const query: ILogQuery = {
    container,
    tailLines,
    sinceSeconds: typeof sinceSeconds === 'number' ? sinceSeconds : undefined,
    previous
  };

  // The last lines, once; then, when following, the live stream from the server.
  React.useEffect(() => {
    if (sinceError) {
      return;
    }
    let current = true;
    let source: EventSource | null = null;
    setLoading(true);
    setNote(null);
    fetchLogs(namespace, name, query)
      .then(answer => {
        if (!current) {
          return;
        }
        setError(null);
        setLogs({
          pod: answer.pod,
          container: answer.container,
          containers: answer.containers,
          text: answer.text,
          truncated: answer.truncated
        });
        if (!follow) {
          return;
        }
        // The stream starts again from the tail: it replaces what was fetched.
        let started = false;
        source = new EventSource(
          logsStreamURL(namespace, name, {
            ...query,
            container: answer.container
          }),
          { withCredentials: true }
        );
        const onData = (event: MessageEvent) => {
          const message = parseLogEvent(String(event.data));
          if (!message || !current) {
            return;
          }
          if (message.type === 'lines') {
            setLogs(previous => {
              if (!previous) {
                return previous;
              }
              const base = started ? previous.text : '';
              started = true;
              const next = appendBounded(base, message.text);
              return {
                ...previous,
                text: next.text,
                truncated: previous.truncated || next.cut
              };
            });
          } else if (message.type === 'end') {
            source?.close();
            setFollow(false);
            setNote(
              trans.__(
                'Follow stopped: %1',
                message.reason ?? trans.__('The log ended.')
              )
            );
          } else {
            source?.close();
            setFollow(false);
            setNote(
              trans.__(
                'Follow stopped: %1',
                message.message ?? trans.__('The log stream failed.')
              )
            );
          }
        };
        source.onmessage = onData;
        for (const kind of ['lines', 'end']) {
          source.addEventListener(kind, event => onData(event as MessageEvent));
        }
        source.addEventListener('error', event => {
          if (event instanceof MessageEvent && typeof event.data === 'string') {
            onData(event);
            return;
          }
          // A lost connection is not retried (it would repeat the tail): say so.
          source?.close();
          if (current) {
            setFollow(false);
            setNote(
              trans.__(
                'Follow stopped: the connection to the server was lost. Refresh to see the latest lines.'
              )
            );
          }
        });
      })
      .catch((failure: Error) => {
        if (!current) {
          return;
        }
        const status = (failure as KubeflowAPIError).status;
        setLogs(null);
        setFollow(false);
        setError(
          status === 404 || status === 409
            ? failure.message
            : trans.__('Cannot read the logs: %1', failure.message)
        );
      })
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
      source?.close();
    };
    // The query's parts are its dependencies (a chosen time is read when it changes).
  }, [
    namespace,
    name,
    container,
    tailLines,
    follow,
    reload,
    since,
    sinceTime,
    previous
  ]);

  // While following, keep the newest line in view.
  React.useEffect(() => {
    if (follow && textRef.current) {
      textRef.current.scrollTop = textRef.current.scrollHeight;
    }
  }, [logs?.text, follow]);

  // Until one is picked, the container is the server's default (the workspace's own).
  const shown = container || logs?.container || '';
  const containers = logs?.containers ?? (shown ? [shown] : []);
  return (
    <div
      className="jp-KubeflowLogs"
      aria-label={trans.__('Logs of workspace %1 in %2', name, namespace)}
      role="region"
    >
      <div className="jp-KubeflowLogs-toolbar">
        <Choice
          label={trans.__('Container')}
          value={shown}
          choices={containers.map(one => ({ value: one, label: one }))}
          onChange={setContainer}
        />
        <Choice
          label={trans.__('Lines')}
          value={String(tailLines)}
          choices={TAIL_CHOICES.map(count => ({
            value: String(count),
            label: trans.__('last %1', count)
          }))}
          onChange={value => setTailLines(Number(value))}
        />
        <Choice
          label={trans.__('Since')}
          value={since}
          choices={sinceChoices(trans)}
          onChange={setSince}
        />
        {since === 'time' ? (
          <label className="jp-KubeflowLogs-field">
            <span className="jp-KubeflowLogs-hidden">
              {trans.__('Show lines since')}
            </span>
            <input
              type="datetime-local"
              className="jp-KubeflowWorkspaces-input"
              aria-invalid={sinceError !== null}
              value={sinceTime}
              onChange={event => setSinceTime(event.target.value)}
            />
          </label>
        ) : null}
        <Toggle
          label={trans.__('Previous container')}
          title={trans.__(
            "The container's log before its last restart (e.g. why it crashed)"
          )}
          checked={previous}
          onChange={setPrevious}
        />
        <Toggle
          label={trans.__('Follow')}
          checked={follow}
          disabled={error !== null}
          onChange={setFollow}
        />
        <Toggle
          label={trans.__('Wrap lines')}
          checked={wrap}
          onChange={setWrap}
        />
        <RefreshButton
          aria-label={trans.__('Refresh the logs of %1', name)}
          onClick={() => setReload(n => n + 1)}
        />
        <button
          type="button"
          className="jp-KubeflowWorkspaces-action"
          aria-label={trans.__('Download the log of %1', name)}
          aria-disabled={!logs?.text}
          title={
            logs?.text
              ? trans.__('Save the lines shown as a file')
              : trans.__('No lines to save')
          }
          onClick={() =>
            logs?.text &&
            download(
              logs.text,
              logFileName(name, logs.container || shown, previous)
            )
          }
        >
          {trans.__('Download')}
        </button>
        {logs?.pod ? (
          <span className="jp-KubeflowWorkspaces-muted" data-pod={logs.pod}>
            {trans.__('Pod %1', logs.pod)}
          </span>
        ) : null}
      </div>
      <Notice role="alert">{sinceError}</Notice>
      <Notice role="alert" tone="warn" className="jp-KubeflowLogs-error">
        {error}
      </Notice>
      <Notice role="status">{note}</Notice>
      {logs?.truncated ? (
        <div
          className="jp-KubeflowWorkspaces-muted jp-KubeflowLogs-truncated"
          role="status"
        >
          {trans.__('Truncated: only the last part of the log is shown.')}
        </div>
      ) : null}
      {loading && !logs && !error ? (
        <p className="jp-KubeflowWorkspaces-muted" role="status">
          {trans.__('Loading logs…')}
        </p>
      ) : null}
      {logs ? (
        logs.text ? (
          <pre
            ref={textRef}
            className={`jp-KubeflowLogs-text${wrap ? '' : ' jp-mod-nowrap'}`}
            tabIndex={0}
            aria-label={
              shown
                ? trans.__('Log of %1', shown)
                : trans.__('Log of the container')
            }
          >
            {logs.text}
          </pre>
        ) : (
          <p className="jp-KubeflowWorkspaces-muted">
            {trans.__('The container has written nothing yet.')}
          </p>
        )
      ) : null}
    </div>
  );
}

/** Saves text as a file through the browser (no server round trip). */
function download(text: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // After the click has started the download.
  window.setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Registers the command that opens (or brings back) a workspace's logs tab. */
export function addLogsCommand(app: JupyterFrontEnd, trans: ITrans): void {
  const open = new Map<string, MainAreaWidget>();
  app.commands.addCommand(COMMAND_IDS.logs, {
    label: args =>
      args.name
        ? trans.__('Logs of Workspace %1', args.name)
        : trans.__('Kubeflow Workspace Logs'),
    caption: trans.__('Show the container logs of a workspace'),
    execute: args => {
      const namespace =
        typeof args.namespace === 'string' ? args.namespace : '';
      const name = typeof args.name === 'string' ? args.name : '';
      if (!namespace || !name) {
        return;
      }
      const key = `${namespace}/${name}`;
      const existing = open.get(key);
      if (existing && !existing.isDisposed) {
        app.shell.activateById(existing.id);
        return;
      }
      const content = ReactWidget.create(
        withTrans(trans, <LogsView namespace={namespace} name={name} />)
      );
      const widget = new MainAreaWidget({ content });
      widget.id = `kubeflow-logs-${namespace}-${name}`;
      widget.title.label = trans.__('Logs: %1', name);
      widget.title.caption = trans.__(
        'Logs of workspace %1 in %2',
        name,
        namespace
      );
      widget.title.icon = kubeflowIcon;
      widget.title.closable = true;
      widget.addClass('jp-KubeflowLogs-panel');
      widget.disposed.connect(() => open.delete(key));
      open.set(key, widget);
      app.shell.add(widget, 'main');
      app.shell.activateById(widget.id);
    }
  });
}
