/** A button that copies text to the clipboard and says "Copied" for a moment. */
import { Clipboard } from '@jupyterlab/apputils';
import * as React from 'react';

import { useTrans } from '../trans';

const COPIED_MS = 1500;

export function CopyButton(props: {
  text: string;
  /** what it says before copying: "Copy URI" */
  children: string;
  /** its accessible name, when the text alone does not say what is copied */
  label?: string;
  className?: string;
}): JSX.Element {
  const trans = useTrans();
  const [copied, setCopied] = React.useState(false);
  React.useEffect(() => {
    if (!copied) {
      return;
    }
    const timer = setTimeout(() => setCopied(false), COPIED_MS);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <button
      type="button"
      className={props.className ?? 'jp-mod-styled jp-kf-registry-smallButton'}
      aria-label={props.label}
      onClick={() => {
        Clipboard.copyToSystem(props.text);
        setCopied(true);
      }}
    >
      {copied ? trans.__('Copied') : props.children}
    </button>
  );
}
