/** A run's or a step's state as a badge, coloured by state (`pipelines.css`). */
import * as React from 'react';

import { useTrans } from '../trans';
import { statusLabel } from './text';
import { RunStatus, StepStatus } from './types';

export function StatusBadge(props: {
  status: RunStatus | StepStatus;
}): JSX.Element {
  const trans = useTrans();
  return (
    <span className={`jp-kubeflow-badge jp-kubeflow-status-${props.status}`}>
      {statusLabel(props.status, trans)}
    </span>
  );
}
