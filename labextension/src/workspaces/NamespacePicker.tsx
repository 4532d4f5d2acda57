/**
 * A namespace picker that searches: a WAI-ARIA combobox over the cluster's namespaces
 * (a thousand of them), showing at most MAX_SHOWN matches at a time, so the page never
 * holds an option per namespace. Type to narrow; arrows move, Enter chooses, Escape
 * gives the choice back.
 */
import * as React from 'react';

import { ALL_NAMESPACES } from './state';
import { matchNamespaces } from './table';
import { useTrans } from '../trans';

const MAX_SHOWN = 50;

export function NamespacePicker(props: {
  id: string;
  namespaces: readonly string[];
  value: string;
  /** Offer "All namespaces" first. */
  allowAll?: boolean;
  title?: string;
  onChange: (namespace: string) => void;
}): JSX.Element {
  const trans = useTrans();
  const allLabel = trans.__('All namespaces');
  const labelOf = (value: string): string =>
    value === ALL_NAMESPACES ? allLabel : value;
  const [typed, setTyped] = React.useState<string | null>(null);
  const [active, setActive] = React.useState(0);
  const open = typed !== null;
  const listId = `${props.id}-choices`;

  const choices = React.useMemo(() => {
    if (!open) {
      return { shown: [] as string[], more: 0 };
    }
    const found = matchNamespaces(props.namespaces, typed ?? '', MAX_SHOWN);
    const wantsAll =
      props.allowAll && allLabel.toLowerCase().includes(typed!.toLowerCase());
    return wantsAll
      ? { shown: [ALL_NAMESPACES, ...found.shown], more: found.more }
      : found;
  }, [open, typed, props.namespaces, props.allowAll, allLabel]);

  const close = () => {
    setTyped(null);
    setActive(0);
  };
  const choose = (value: string | undefined) => {
    close();
    if (value !== undefined && value !== props.value) {
      props.onChange(value);
    }
  };
  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    const count = choices.shown.length;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!open) {
          setTyped('');
        } else if (count) {
          setActive(index => (index + 1) % count);
        }
        break;
      case 'ArrowUp':
        event.preventDefault();
        if (open && count) {
          setActive(index => (index - 1 + count) % count);
        }
        break;
      case 'Enter':
        if (open) {
          event.preventDefault();
          choose(choices.shown[active]);
        }
        break;
      case 'Escape':
        if (open) {
          event.preventDefault();
          event.stopPropagation();
          close();
        }
        break;
    }
  };
  const optionId = (index: number) => `${props.id}-choice-${index}`;
  return (
    <div className="jp-KubeflowWorkspaces-combobox">
      <input
        id={props.id}
        className="jp-KubeflowWorkspaces-input"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={
          open && choices.shown.length ? optionId(active) : undefined
        }
        autoComplete="off"
        spellCheck={false}
        title={props.title}
        value={open ? typed! : labelOf(props.value)}
        onFocus={event => event.target.select()}
        onClick={() => !open && setTyped('')}
        onChange={event => {
          setTyped(event.target.value);
          setActive(0);
        }}
        onKeyDown={onKeyDown}
        onBlur={close}
      />
      {open ? (
        <ul
          id={listId}
          role="listbox"
          aria-label={trans.__('Namespaces')}
          className="jp-KubeflowWorkspaces-choices"
        >
          {choices.shown.map((value, index) => (
            <li
              key={value}
              id={optionId(index)}
              role="option"
              aria-selected={index === active}
              className={index === active ? 'jp-mod-active' : undefined}
              // mousedown, not click: the input keeps focus (no blur closing it first)
              onMouseDown={event => {
                event.preventDefault();
                choose(value);
              }}
            >
              {labelOf(value)}
            </li>
          ))}
          {choices.shown.length === 0 ? (
            <li role="option" aria-disabled="true" aria-selected={false}>
              {trans.__('No namespace matches “%1”.', typed)}
            </li>
          ) : null}
          {choices.more > 0 ? (
            <li
              role="option"
              aria-disabled="true"
              aria-selected={false}
              className="jp-KubeflowWorkspaces-muted"
            >
              {trans.__('%1 more: type to narrow', choices.more)}
            </li>
          ) : null}
        </ul>
      ) : null}
    </div>
  );
}
