/**
 * What a form or a panel says about itself, shown only when there is something to say:
 * an error (announced at once, as an alert) or a status such as "Sending…" (announced
 * politely).
 */
import * as React from 'react';

import { useTrans } from '../trans';

const LOOKS = {
  alert: 'jp-kf-registry-error',
  status: 'jp-kf-registry-muted'
};

function Message(props: {
  role: keyof typeof LOOKS;
  children: React.ReactNode;
}): JSX.Element | null {
  return props.children ? (
    <p className={LOOKS[props.role]} role={props.role}>
      {props.children}
    </p>
  ) : null;
}

export function ErrorLine(props: {
  children: React.ReactNode;
}): JSX.Element | null {
  return <Message role="alert">{props.children}</Message>;
}

export function StatusLine(props: {
  children: React.ReactNode;
}): JSX.Element | null {
  return <Message role="status">{props.children}</Message>;
}

/** The end of a form sent while it stays open: the server's refusal, or "Sending…". */
export function SendStatus(props: {
  error?: string;
  busy: boolean;
}): JSX.Element {
  const trans = useTrans();
  return (
    <>
      <ErrorLine>{props.error}</ErrorLine>
      <StatusLine>{props.busy ? trans.__('Sending…') : ''}</StatusLine>
    </>
  );
}
