/**
 * The controls above a list: a search box, a choice (state, sort key) and the button that
 * turns the sort order around; each named for screen readers by what it does.
 */
import * as React from 'react';

import { useTrans } from '../trans';

export function SearchBox(props: {
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
  className: string;
}): JSX.Element {
  return (
    <input
      type="search"
      className={`jp-mod-styled ${props.className}`}
      placeholder={props.placeholder}
      aria-label={props.label}
      value={props.value}
      onChange={event => props.onChange(event.target.value)}
    />
  );
}

export interface IChoice<T extends string> {
  value: T;
  label: string;
  disabled?: boolean;
}

export function Choice<T extends string>(props: {
  label: string;
  value: T;
  choices: IChoice<T>[];
  onChange: (value: T) => void;
}): JSX.Element {
  return (
    <select
      className="jp-mod-styled"
      aria-label={props.label}
      value={props.value}
      onChange={event => props.onChange(event.target.value as T)}
    >
      {props.choices.map(choice => (
        <option
          key={choice.value}
          value={choice.value}
          disabled={choice.disabled}
        >
          {choice.label}
        </option>
      ))}
    </select>
  );
}

export type SortOrder = 'ASC' | 'DESC';

export function SortOrderButton(props: {
  value: SortOrder;
  onChange: (value: SortOrder) => void;
}): JSX.Element {
  const trans = useTrans();
  const ascending = props.value === 'ASC';
  return (
    <button
      className="jp-mod-styled jp-kf-registry-smallButton"
      aria-label={
        ascending
          ? trans.__('Ascending; switch to descending')
          : trans.__('Descending; switch to ascending')
      }
      title={ascending ? trans.__('Ascending') : trans.__('Descending')}
      onClick={() => props.onChange(ascending ? 'DESC' : 'ASC')}
    >
      {ascending ? '↑' : '↓'}
    </button>
  );
}
