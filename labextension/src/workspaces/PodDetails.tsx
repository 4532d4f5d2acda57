/**
 * A card's details, read when opened: resources (from the pod config), the home volume,
 * activity (pauses after, paused since, pending restart), the pod (name, node, phase,
 * containers, and where it differs from what is chosen), the mounts, and who created
 * and last changed the workspace.
 */
import * as React from 'react';

import { fetchDetails } from './client';
import {
  auditLine,
  mountLines,
  outdatedLine,
  requestsLine,
  resourcesLine
} from './logs';
import { relativeTime } from './state';
import type {
  IContainerDetails,
  IWorkspaceDetails,
  IWorkspaceItem
} from './types';

function ContainerRow(props: { container: IContainerDetails }): JSX.Element {
  const { container } = props;
  return (
    <li data-container={container.name}>
      <strong>{container.name}</strong>: {container.state || 'unknown'}
      {container.ready ? ', ready' : ', not ready'}
      {container.restartCount > 0
        ? `, ${container.restartCount} restart${container.restartCount === 1 ? '' : 's'}`
        : ''}
      <div className="jp-KubeflowWorkspaces-muted jp-KubeflowDetails-image">
        {container.image}
      </div>
    </li>
  );
}

function Row(props: {
  label: string;
  children: React.ReactNode;
  field: string;
}): JSX.Element {
  return (
    <>
      <dt>{props.label}</dt>
      <dd data-detail={props.field}>{props.children}</dd>
    </>
  );
}

/** Activity rows from the item: pauses after, paused since, pending restart. */
function activityRows(
  item: IWorkspaceItem
): { key: string; label: string; text: string }[] {
  const at = (ms: number) =>
    `${new Date(ms).toLocaleString()} (${relativeTime(ms)})`;
  const rows: { key: string; label: string; text: string }[] = [];
  const activity = item.activity;
  if (item.paused) {
    rows.push({
      key: 'pausedSince',
      label: 'Paused since',
      text: item.pausedTime ? at(item.pausedTime) : 'pausing'
    });
  } else if (activity?.autoPauseAt || activity?.pauseEligibleAfter) {
    rows.push({
      key: 'pausesAfter',
      label: 'Pauses after',
      text: at((activity.autoPauseAt ?? activity.pauseEligibleAfter) as number)
    });
  } else {
    rows.push({
      key: 'pausesAfter',
      label: 'Pauses after',
      text: activity?.probe
        ? 'no pause rule applies'
        : 'never (its kind does not check activity)'
    });
  }
  if (activity?.lastActivity) {
    rows.push({
      key: 'lastActivity',
      label: 'Last activity',
      text: at(activity.lastActivity)
    });
  }
  rows.push({
    key: 'pendingRestart',
    label: 'Pending restart',
    text: item.pendingRestart
      ? 'yes: the kind offers an update of an option it uses'
      : 'no'
  });
  return rows;
}

export function PodDetails(props: {
  namespace: string;
  name: string;
  /** Changes when the workspace does (its resourceVersion): the details are read again. */
  version: string;
  id: string;
  /** The item (activity, state); absent: only what the server's details say. */
  item?: IWorkspaceItem;
}): JSX.Element {
  const [details, setDetails] = React.useState<IWorkspaceDetails | null>(null);
  const [error, setError] = React.useState<string | null>(null);

  React.useEffect(() => {
    let current = true;
    fetchDetails(props.namespace, props.name)
      .then(found => {
        if (current) {
          setDetails(found);
          setError(null);
        }
      })
      .catch(
        (failure: Error) =>
          current && setError(`Cannot read the details: ${failure.message}`)
      );
    return () => {
      current = false;
    };
  }, [props.namespace, props.name, props.version]);

  if (error) {
    return (
      <div id={props.id} className="jp-KubeflowDetails" role="alert">
        {error}
      </div>
    );
  }
  if (!details) {
    return (
      <div
        id={props.id}
        className="jp-KubeflowDetails jp-KubeflowWorkspaces-muted"
        role="status"
      >
        Loading details…
      </div>
    );
  }
  const pod = details.pod;
  const mounts = mountLines(details);
  return (
    <div
      id={props.id}
      className="jp-KubeflowDetails"
      aria-label={`Details of ${props.name}`}
      role="region"
    >
      <dl className="jp-KubeflowDetails-list">
        {details.resources ? (
          <Row label="Resources" field="resources">
            <span title={requestsLine(details.resources)}>
              {resourcesLine(details.resources)}
            </span>{' '}
            <span className="jp-KubeflowWorkspaces-muted">
              ({details.resources.displayName})
            </span>
          </Row>
        ) : null}
        {details.mounts?.home ? (
          <Row label="Home volume" field="home">
            {String(details.mounts.home.pvcName)}
            {details.mounts.home.size
              ? `, ${String(details.mounts.home.size)}`
              : ''}
            {details.mounts.home.mountPath
              ? ` at ${String(details.mounts.home.mountPath)}`
              : ''}
          </Row>
        ) : null}
        {props.item
          ? activityRows(props.item).map(row => (
              <Row key={row.key} label={row.label} field={row.key}>
                {row.text}
              </Row>
            ))
          : null}
        {details.outdated && details.outdated.length > 0 ? (
          <Row label="Not applied" field="outdated">
            <ul className="jp-KubeflowDetails-containers">
              {details.outdated.map(entry => (
                <li key={entry.what}>{outdatedLine(entry)}</li>
              ))}
            </ul>
            <div className="jp-KubeflowWorkspaces-muted">
              The pod predates the current choice
              {props.item?.changesApply === 'restart'
                ? ': it is not ready, so Kubernetes leaves it; Restart applies it.'
                : '.'}
            </div>
          </Row>
        ) : null}
        <Row label="Pod" field="pod">
          {pod ? `${pod.name}${pod.phase ? ` (${pod.phase})` : ''}` : 'No pod'}
        </Row>
        {pod ? (
          <Row label="Node" field="node">
            {pod.node ?? 'Not scheduled yet'}
          </Row>
        ) : null}
        {pod && pod.containers.length > 0 ? (
          <Row label="Containers" field="containers">
            <ul className="jp-KubeflowDetails-containers">
              {[...(pod.initContainers ?? []), ...pod.containers].map(one => (
                <ContainerRow key={one.name} container={one} />
              ))}
            </ul>
          </Row>
        ) : null}
        <Row label="Mounts" field="mounts">
          {mounts.length > 0 ? (
            <ul className="jp-KubeflowDetails-containers">
              {mounts.map(line => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          ) : (
            'None'
          )}
        </Row>
        <Row label="Created" field="created">
          {auditLine(
            details.audit?.createdBy,
            details.audit?.createdAt,
            details.audit?.byManager
          )}
        </Row>
        <Row label="Changed" field="updated">
          {auditLine(
            details.audit?.updatedBy,
            details.audit?.updatedAt,
            details.audit?.byManager
          )}
        </Row>
      </dl>
    </div>
  );
}
