/**
 * Frontend preferences, set in JupyterLab's Settings Editor: one store per surface,
 * filled from the setting registry (schemas in `schema/<surface>.json`, which hold the
 * descriptions and bounds) and told of every change, so a preference takes effect at
 * once. Until the registry answers, or without one, the defaults given here apply; a
 * unit test keeps them equal to the schemas' defaults.
 *
 * Kept free of JupyterLab run-time imports so `settings.test.ts` can drive it in node.
 */
import type { ISettingRegistry } from '@jupyterlab/settingregistry';
import { ISignal, Signal } from '@lumino/signaling';
import * as React from 'react';

/** A preference's value: what the schemas here declare. */
export type SettingValue = string | number | boolean;

/**
 * `defaults` with each key taken from `raw` where it has the default's type (a number
 * also finite). The registry has already checked values against the schema; this only
 * keeps a hand-edited or older settings file from handing a component a wrong type.
 */
export function readSettings<T extends { [K in keyof T]: SettingValue }>(
  defaults: T,
  raw: { readonly [key: string]: unknown } | null | undefined
): T {
  const read = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof T & string)[]) {
    const value = raw?.[key];
    if (
      typeof value === typeof defaults[key] &&
      (typeof value !== 'number' || Number.isFinite(value))
    ) {
      read[key] = value as T[keyof T & string];
    }
  }
  return read;
}

/** One surface's preferences: the current values, and a signal when they change. */
export class SettingsStore<T extends { [K in keyof T]: SettingValue }> {
  constructor(
    /** The plugin whose schema holds these settings (`schema/<name>.json`). */
    readonly pluginId: string,
    readonly defaults: T
  ) {
    this._current = { ...defaults };
  }

  get current(): T {
    return this._current;
  }

  /** Emits the new values whenever one of them changes. */
  get changed(): ISignal<this, T> {
    return this._changed;
  }

  /** Take the registry's (composite) values; emits only when something changed. */
  apply(raw: { readonly [key: string]: unknown } | null | undefined): void {
    const next = readSettings(this.defaults, raw);
    const same = (Object.keys(next) as (keyof T)[]).every(
      key => next[key] === this._current[key]
    );
    if (!same) {
      this._current = next;
      this._changed.emit(next);
    }
  }

  /**
   * Load this plugin's settings and follow their changes. Without a registry, or when
   * it fails (say, a settings file that no longer parses), the defaults stay.
   */
  async connect(registry: ISettingRegistry | null): Promise<void> {
    if (!registry) {
      return;
    }
    try {
      const settings = await registry.load(this.pluginId);
      this._settings = settings;
      this.apply(settings.composite);
      settings.changed.connect(() => this.apply(settings.composite));
    } catch (error) {
      console.warn(
        `${this.pluginId}: settings not loaded, using the defaults`,
        error
      );
    }
  }

  /**
   * Change one preference: at once here (the views follow), and saved in the user's
   * settings through the registry once it is loaded (else for this session only). A save
   * the registry refuses puts back what it holds.
   */
  async set<K extends keyof T & string>(key: K, value: T[K]): Promise<void> {
    this.apply({ ...this._current, [key]: value });
    const settings = this._settings;
    if (settings) {
      try {
        await settings.set(key, value);
      } catch (error) {
        this.apply(settings.composite);
        throw error;
      }
    }
  }

  private _current: T;
  private _settings: ISettingRegistry.ISettings | null = null;
  private _changed = new Signal<this, T>(this);
}

/** A React component's view of a store: re-renders when a preference changes. */
export function useSettings<T extends { [K in keyof T]: SettingValue }>(
  store: SettingsStore<T>
): T {
  const [value, setValue] = React.useState<T>(store.current);
  React.useEffect(() => {
    const onChange = (_: SettingsStore<T>, next: T) => setValue(next);
    store.changed.connect(onChange);
    setValue(store.current);
    return () => {
      store.changed.disconnect(onChange);
    };
  }, [store]);
  return value;
}
