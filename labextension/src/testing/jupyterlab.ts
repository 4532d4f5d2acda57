/**
 * For the render tests in node: JupyterLab's and Lumino's widget packages are ES modules
 * that need a browser, so requiring them is answered by a stand-in (named as such: not
 * JupyterLab). Any export is a component that renders its children and its visible
 * attributes (`title`, `aria-label`, `placeholder`, a `label` as text), a class that can
 * be extended (its methods stand-ins too), or a function returning an empty string. Import this module first.
 */
import Module from 'node:module';
import * as React from 'react';

/** What the stand-in replaces: every module needing a browser, and style/asset files. */
const STUBBED =
  /^(@jupyterlab\/|@lumino\/(widgets|dragdrop|application)|@codemirror\/)|\.(svg|css)$/;

/** Keys React (and module interop) read on a component: answered by the function itself. */
const OWN = new Set<string | symbol>([
  'prototype',
  'defaultProps',
  'propTypes',
  'contextTypes',
  'contextType',
  'childContextTypes',
  'getDerivedStateFromProps',
  'getDefaultProps',
  'displayName',
  '$$typeof',
  '_context',
  'then',
  'call',
  'apply',
  'bind',
  'length',
  'name'
]);

function isProps(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.getPrototypeOf(value) === Object.prototype
  );
}

function standIn(name: string): any {
  const target = function (...args: unknown[]): unknown {
    const props = args[0];
    if (!isProps(props)) {
      return '';
    }
    const children =
      typeof props.children === 'function'
        ? (props.children as () => React.ReactNode)()
        : (props.children as React.ReactNode);
    return React.createElement(
      'jl-stand-in',
      {
        'data-name': name,
        title: props.title,
        'aria-label': props['aria-label'],
        placeholder: props.placeholder
      },
      typeof props.label === 'string' ? props.label : null,
      children
    );
  };
  // A class extending a stand-in (a ReactWidget) inherits a stand-in for each method
  // (`addClass`, `update`…); React's class test (`isReactComponent`) stays false.
  target.prototype = new Proxy(
    {},
    {
      get: (own, key) =>
        key in own || typeof key === 'symbol' || key === 'isReactComponent'
          ? Reflect.get(own, key)
          : standIn(String(key))
    }
  );
  return new Proxy(target, {
    get: (fn, key) => {
      if (key === '__esModule') {
        return true;
      }
      if (OWN.has(key) || typeof key === 'symbol') {
        return Reflect.get(fn, key);
      }
      return standIn(String(key));
    }
  });
}

const moduleWithLoad = Module as unknown as {
  _load(request: string, parent: unknown, isMain: boolean): unknown;
};
const load = moduleWithLoad._load;
moduleWithLoad._load = function (request, parent, isMain) {
  return STUBBED.test(request)
    ? standIn(request)
    : load.call(this, request, parent, isMain);
};
