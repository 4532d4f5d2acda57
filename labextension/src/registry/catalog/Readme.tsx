/**
 * A catalog model's README, rendered by JupyterLab's own Markdown renderer (the app's
 * IRenderMimeRegistry): untrusted, so its HTML is sanitized as any untrusted output is.
 */
import { IRenderMimeRegistry, MimeModel } from '@jupyterlab/rendermime';
import { Widget } from '@lumino/widgets';
import * as React from 'react';
import { useTrans } from '../../trans';

export function Readme(props: {
  markdown: string;
  rendermime: IRenderMimeRegistry;
}): JSX.Element {
  const trans = useTrans();
  const { markdown, rendermime } = props;
  const host = React.useRef<HTMLDivElement>(null);
  const [error, setError] = React.useState('');
  // a layout effect: its cleanup runs while the host is still in the page, so the
  // renderer (a Lumino widget) detaches as Lumino requires before it is disposed
  React.useLayoutEffect(() => {
    const node = host.current;
    if (!node) {
      return;
    }
    const renderer = rendermime.createRenderer('text/markdown');
    const model = new MimeModel({
      data: { 'text/markdown': markdown },
      trusted: false
    });
    // the renderer is a Lumino widget (typed from rendermime-interfaces' own copy)
    Widget.attach(renderer as unknown as Widget, node);
    renderer.renderModel(model).catch(reason => setError(String(reason)));
    return () => renderer.dispose();
  }, [markdown, rendermime]);
  return (
    <>
      {error ? (
        <p className="jp-kf-registry-error" role="alert">
          {trans.__('Could not render the README: %1', error)}
        </p>
      ) : null}
      <div
        ref={host}
        className="jp-kf-catalog-readme"
        aria-label={trans.__('README')}
      />
    </>
  );
}
