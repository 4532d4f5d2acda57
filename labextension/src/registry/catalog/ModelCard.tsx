/** A catalog model as a card: logo, name, provider, description, tasks, licence. */
import * as React from 'react';

import { logoSource } from './query';
import { ICatalogModel } from './types';
import { useTrans } from '../../trans';

export function ModelCard(props: {
  model: ICatalogModel;
  sourceName: string;
  onOpen: () => void;
}): JSX.Element {
  const trans = useTrans();
  const { model, sourceName, onOpen } = props;
  const logo = logoSource(model.logo);
  return (
    <li className="jp-kf-catalog-card" data-model-name={model.name}>
      <button
        className="jp-kf-catalog-cardButton"
        onClick={onOpen}
        aria-label={trans.__('Open %1', model.name)}
        title={trans.__('Open %1', model.name)}
      >
        <span className="jp-kf-catalog-cardHead">
          {logo ? (
            <img className="jp-kf-catalog-logo" src={logo} alt="" />
          ) : (
            <span className="jp-kf-catalog-logo jp-kf-catalog-noLogo" />
          )}
          <span className="jp-kf-catalog-cardTitle">
            <span className="jp-kf-catalog-cardName">{model.name}</span>
            <span className="jp-kf-registry-muted">
              {[model.provider, sourceName].filter(Boolean).join(' · ')}
            </span>
          </span>
        </span>
        <span className="jp-kf-catalog-cardText">
          {model.description || trans.__('No description.')}
        </span>
        <span className="jp-kf-catalog-tags">
          {(model.tasks ?? []).map(task => (
            <span key={task} className="jp-kf-catalog-tag">
              {task}
            </span>
          ))}
          {model.license ? (
            <span className="jp-kf-catalog-tag jp-mod-license">
              {model.license}
            </span>
          ) : null}
        </span>
      </button>
    </li>
  );
}
