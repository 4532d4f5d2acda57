/**
 * A card's details, read when opened: the pod (name, node, phase, containers), the
 * mounts, and who created and last changed the workspace.
 */
import * as React from 'react';

import { fetchDetails } from './client';
import { auditLine, mountLines } from './logs';
import type { IContainerDetails, IWorkspaceDetails } from './types';

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

export function PodDetails(props: {
  namespace: string;
  name: string;
  /** Changes when the workspace does (its resourceVersion): the details are read again. */
  version: string;
  id: string;
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
