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
import { ITrans, useTrans } from '../trans';
import type {
  IContainerDetails,
  IWorkspaceDetails,
  IWorkspaceItem
} from './types';

/** "running, ready, 2 restarts": a container's state (Kubernetes' word) and readiness. */
function containerState(container: IContainerDetails, trans: ITrans): string {
  const state = container.state || trans.__('unknown');
  const ready = container.ready
    ? trans.__('%1, ready', state)
    : trans.__('%1, not ready', state);
  return container.restartCount > 0
    ? trans._n(
        '%2, %1 restart',
        '%2, %1 restarts',
        container.restartCount,
        ready
      )
    : ready;
}

function ContainerRow(props: { container: IContainerDetails }): JSX.Element {
  const trans = useTrans();
  const { container } = props;
  return (
    <li data-container={container.name}>
      <strong>{container.name}</strong>: {containerState(container, trans)}
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
  item: IWorkspaceItem,
  trans: ITrans
): { key: string; label: string; text: string }[] {
  const at = (ms: number) =>
    `${new Date(ms).toLocaleString()} (${relativeTime(ms, trans)})`;
  const rows: { key: string; label: string; text: string }[] = [];
  const activity = item.activity;
  if (item.paused) {
    rows.push({
      key: 'pausedSince',
      label: trans.__('Paused since'),
      text: item.pausedTime ? at(item.pausedTime) : trans.__('pausing')
    });
  } else if (activity?.autoPauseAt || activity?.pauseEligibleAfter) {
    rows.push({
      key: 'pausesAfter',
      label: trans.__('Pauses after'),
      text: at((activity.autoPauseAt ?? activity.pauseEligibleAfter) as number)
    });
  } else {
    rows.push({
      key: 'pausesAfter',
      label: trans.__('Pauses after'),
      text: activity?.probe
        ? trans.__('no pause rule applies')
        : trans.__('never (its kind does not check activity)')
    });
  }
  if (activity?.lastActivity) {
    rows.push({
      key: 'lastActivity',
      label: trans.__('Last activity'),
      text: at(activity.lastActivity)
    });
  }
  rows.push({
    key: 'pendingRestart',
    label: trans.__('Pending restart'),
    text: item.pendingRestart
      ? trans.__('yes: the kind offers an update of an option it uses')
      : trans.__('no')
  });
  return rows;
}

/** "home-pvc, 10Gi at /home/jovyan": the home volume, its size and where it is mounted. */
function homeVolume(home: Record<string, unknown>, trans: ITrans): string {
  const name = String(home.pvcName);
  const size = home.size ? String(home.size) : '';
  const path = home.mountPath ? String(home.mountPath) : '';
  if (size && path) {
    return trans.__('%1, %2 at %3', name, size, path);
  }
  if (path) {
    return trans.__('%1 at %2', name, path);
  }
  return size ? trans.__('%1, %2', name, size) : name;
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
  const trans = useTrans();
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
          current &&
          setError(trans.__('Cannot read the details: %1', failure.message))
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
        {trans.__('Loading details…')}
      </div>
    );
  }
  return <DetailsList {...props} details={details} />;
}

/** The details read: what PodDetails shows once the server has answered. */
export function DetailsList(props: {
  details: IWorkspaceDetails;
  name: string;
  id: string;
  item?: IWorkspaceItem;
}): JSX.Element {
  const trans = useTrans();
  const { details } = props;
  const pod = details.pod;
  const mounts = mountLines(details, trans);
  return (
    <div
      id={props.id}
      className="jp-KubeflowDetails"
      aria-label={trans.__('Details of %1', props.name)}
      role="region"
    >
      <dl className="jp-KubeflowDetails-list">
        {details.resources ? (
          <Row label={trans.__('Resources')} field="resources">
            <span title={requestsLine(details.resources, trans)}>
              {resourcesLine(details.resources, trans)}
            </span>{' '}
            <span className="jp-KubeflowWorkspaces-muted">
              ({details.resources.displayName})
            </span>
          </Row>
        ) : null}
        {details.mounts?.home ? (
          <Row label={trans.__('Home volume')} field="home">
            {homeVolume(details.mounts.home, trans)}
          </Row>
        ) : null}
        {props.item
          ? activityRows(props.item, trans).map(row => (
              <Row key={row.key} label={row.label} field={row.key}>
                {row.text}
              </Row>
            ))
          : null}
        {details.outdated && details.outdated.length > 0 ? (
          <Row label={trans.__('Not applied')} field="outdated">
            <ul className="jp-KubeflowDetails-containers">
              {details.outdated.map(entry => (
                <li key={entry.what}>{outdatedLine(entry, trans)}</li>
              ))}
            </ul>
            <div className="jp-KubeflowWorkspaces-muted">
              {props.item?.changesApply === 'restart'
                ? trans.__(
                    'The pod predates the current choice: it is not ready, so Kubernetes leaves it; Restart applies it.'
                  )
                : trans.__('The pod predates the current choice.')}
            </div>
          </Row>
        ) : null}
        <Row label={trans.__('Pod')} field="pod">
          {/* the pod's name and Kubernetes phase are data */}
          {pod
            ? `${pod.name}${pod.phase ? ` (${pod.phase})` : ''}`
            : trans.__('No pod')}
        </Row>
        {pod ? (
          <Row label={trans.__('Node')} field="node">
            {pod.node ?? trans.__('Not scheduled yet')}
          </Row>
        ) : null}
        {pod && pod.containers.length > 0 ? (
          <Row label={trans.__('Containers')} field="containers">
            <ul className="jp-KubeflowDetails-containers">
              {[...(pod.initContainers ?? []), ...pod.containers].map(one => (
                <ContainerRow key={one.name} container={one} />
              ))}
            </ul>
          </Row>
        ) : null}
        <Row label={trans.__('Mounts')} field="mounts">
          {mounts.length > 0 ? (
            <ul className="jp-KubeflowDetails-containers">
              {mounts.map(line => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          ) : (
            trans.__('None')
          )}
        </Row>
        <Row label={trans.__('Created')} field="created">
          {auditLine(
            details.audit?.createdBy,
            details.audit?.createdAt,
            trans,
            details.audit?.byManager
          )}
        </Row>
        <Row label={trans.__('Changed')} field="updated">
          {auditLine(
            details.audit?.updatedBy,
            details.audit?.updatedAt,
            trans,
            details.audit?.byManager
          )}
        </Row>
      </dl>
    </div>
  );
}
