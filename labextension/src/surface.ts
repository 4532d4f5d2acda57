/**
 * What each surface's plugin (pipelines, registry, status) does first: follow its
 * preferences in the Settings Editor (the defaults until they load, or for good with no
 * setting registry) and load the translation bundle its strings go through.
 */
import type { ISettingRegistry } from '@jupyterlab/settingregistry';
import {
  ITranslator,
  nullTranslator,
  TranslationBundle
} from '@jupyterlab/translation';

import { SettingsStore, SettingValue } from './settings';
import { TRANSLATION_DOMAIN } from './trans';

export function startSurface<T extends { [K in keyof T]: SettingValue }>(
  settings: SettingsStore<T>,
  settingRegistry: ISettingRegistry | null,
  translator: ITranslator | null
): TranslationBundle {
  void settings.connect(settingRegistry);
  return (translator ?? nullTranslator).load(TRANSLATION_DOMAIN);
}
