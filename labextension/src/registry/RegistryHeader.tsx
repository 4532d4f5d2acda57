/** The tab's top bar: which registry this is, whether it answers, and Refresh. */
import { refreshIcon, ToolbarButtonComponent } from '@jupyterlab/ui-components';
import * as React from 'react';

import { getConnections } from './client';
import { useLoader } from './useLoader';
import { useTrans } from '../trans';

export function RegistryHeader(props: {
  generation: number;
  onRefresh: () => void;
}): JSX.Element {
  const trans = useTrans();
  const { generation, onRefresh } = props;
  const status = useLoader(() => getConnections(), [generation]);
  const registry = status.data?.registry;
  let text = trans.__('Checking the registry…');
  let problem = '';
  if (status.error) {
    problem = trans.__('Cannot read the server status: %1', status.error);
  } else if (registry) {
    const where =
      registry.mode === 'embedded'
        ? trans.__('Embedded registry')
        : registry.url;
    text = trans.__('%1 · Model Registry API %2', where, registry.apiVersion);
    if (!registry.connected) {
      problem = registry.error
        ? trans.__('The registry does not answer: %1', registry.error)
        : trans.__('The registry does not answer');
    }
  } else if (status.data) {
    problem = trans.__('The server has no registry service.');
  }
  return (
    <div className="jp-kf-registry-topbar">
      <span className="jp-kf-registry-muted" aria-label={trans.__('Registry')}>
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
        label={trans.__('Refresh')}
        onClick={onRefresh}
      />
    </div>
  );
}
