/** The tab's top bar: which registry this is, whether it answers, and Refresh. */
import { refreshIcon, ToolbarButtonComponent } from '@jupyterlab/ui-components';
import * as React from 'react';

import { getConnections } from './client';
import { useLoader } from './useLoader';

export function RegistryHeader(props: {
  generation: number;
  onRefresh: () => void;
}): JSX.Element {
  const { generation, onRefresh } = props;
  const status = useLoader(() => getConnections(), [generation]);
  const registry = status.data?.registry;
  let text = 'Checking the registry…';
  let problem = '';
  if (status.error) {
    problem = `Cannot read the server status: ${status.error}`;
  } else if (registry) {
    const where =
      registry.mode === 'embedded' ? 'Embedded registry' : registry.url;
    text = `${where} · Model Registry API ${registry.apiVersion}`;
    if (!registry.connected) {
      problem = `The registry does not answer${registry.error ? `: ${registry.error}` : ''}`;
    }
  } else if (status.data) {
    problem = 'The server has no registry service.';
  }
  return (
    <div className="jp-kf-registry-topbar">
      <span className="jp-kf-registry-muted" aria-label="Registry">
        {text}
      </span>
      {problem ? (
        <span className="jp-kf-registry-error" role="alert">
          {problem}
        </span>
      ) : null}
      <ToolbarButtonComponent
        icon={refreshIcon}
        tooltip="Reload models, versions and details"
        label="Refresh"
        onClick={onRefresh}
      />
    </div>
  );
}
