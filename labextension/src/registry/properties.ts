/**
 * customProperties as people see them: labels (the Model Registry UI's convention: a
 * string property with an empty value), key/value properties, and lineage links.
 * Pure: no JupyterLab imports, unit-tested by properties.test.ts.
 */
import { CustomProperties, MetadataValue } from './types';

/** One editable property row. */
export interface IPropertyRow {
  key: string;
  value: string;
}

/** The lineage a pipeline run or a notebook leaves on a registered version. */
export interface ILineage {
  notebook?: string;
  pipeline?: string;
  runId?: string;
}

/** The property keys the register route writes lineage under (several spellings seen). */
const LINEAGE_KEYS: Record<keyof ILineage, string[]> = {
  notebook: ['kubeflow.notebook'],
  pipeline: ['kubeflow.pipeline'],
  runId: ['kubeflow.runId', 'kubeflow.run_id', 'kubeflow.run']
};

/** The text a person reads for one metadata value. */
export function metadataToText(value: MetadataValue | undefined): string {
  if (!value) {
    return '';
  }
  switch (value.metadataType) {
    case 'MetadataStringValue':
      return value.string_value ?? '';
    case 'MetadataIntValue':
      return String(value.int_value ?? '');
    case 'MetadataDoubleValue':
      return String(value.double_value ?? '');
    case 'MetadataBoolValue':
      return value.bool_value ? 'true' : 'false';
    case 'MetadataStructValue':
      return decodeStruct(value.struct_value);
    case 'MetadataProtoValue':
      return `${value.type}: ${value.proto_value}`;
    default:
      return JSON.stringify(value);
  }
}

function decodeStruct(base64: string): string {
  try {
    // atob exists in browsers and in Node >= 16
    return atob(base64);
  } catch {
    return base64;
  }
}

/** True when a custom property is a label (string type, empty value). */
export function isLabel(value: MetadataValue): boolean {
  return (
    value.metadataType === 'MetadataStringValue' && value.string_value === ''
  );
}

/** Labels and properties, each sorted by key, the way the views list them. */
export function splitCustomProperties(
  customProperties: CustomProperties | undefined
): {
  labels: string[];
  properties: IPropertyRow[];
} {
  const labels: string[] = [];
  const properties: IPropertyRow[] = [];
  for (const [key, value] of Object.entries(customProperties ?? {})) {
    if (isLabel(value)) {
      labels.push(key);
    } else {
      properties.push({ key, value: metadataToText(value) });
    }
  }
  labels.sort((a, b) => a.localeCompare(b));
  properties.sort((a, b) => a.key.localeCompare(b.key));
  return { labels, properties };
}

/**
 * The value to store for a property's text: it keeps the type the property had before
 * (an int stays an int when the new text is still an integer), otherwise a string.
 */
export function textToMetadata(
  text: string,
  previous?: MetadataValue
): MetadataValue {
  switch (previous?.metadataType) {
    case 'MetadataIntValue':
      if (/^-?\d+$/.test(text.trim())) {
        return { metadataType: 'MetadataIntValue', int_value: text.trim() };
      }
      break;
    case 'MetadataDoubleValue': {
      const number = Number(text);
      if (text.trim() !== '' && Number.isFinite(number)) {
        return { metadataType: 'MetadataDoubleValue', double_value: number };
      }
      break;
    }
    case 'MetadataBoolValue':
      if (text === 'true' || text === 'false') {
        return {
          metadataType: 'MetadataBoolValue',
          bool_value: text === 'true'
        };
      }
      break;
    case 'MetadataStructValue':
      if (text === metadataToText(previous)) {
        return previous;
      }
      break;
    case 'MetadataProtoValue':
      if (text === metadataToText(previous)) {
        return previous;
      }
      break;
    default:
      break;
  }
  return { metadataType: 'MetadataStringValue', string_value: text };
}

/**
 * The whole customProperties map to PATCH after an edit: the registry replaces the map,
 * so everything kept must be sent. Keys that are neither rows nor labels are dropped.
 */
export function buildCustomProperties(
  properties: IPropertyRow[],
  labels: string[],
  previous: CustomProperties | undefined
): CustomProperties {
  const result: CustomProperties = {};
  for (const row of properties) {
    const key = row.key.trim();
    if (key) {
      result[key] = textToMetadata(row.value, previous?.[key]);
    }
  }
  for (const label of labels) {
    const key = label.trim();
    if (key) {
      result[key] = { metadataType: 'MetadataStringValue', string_value: '' };
    }
  }
  return result;
}

/** Lineage properties (notebook, pipeline, run id), when present. */
export function lineageOf(
  customProperties: CustomProperties | undefined
): ILineage {
  const lineage: ILineage = {};
  for (const [field, keys] of Object.entries(LINEAGE_KEYS) as [
    keyof ILineage,
    string[]
  ][]) {
    for (const key of keys) {
      const text = metadataToText(customProperties?.[key]);
      if (text) {
        lineage[field] = text;
        break;
      }
    }
  }
  return lineage;
}

/** Whether a property key is shown as a lineage link rather than a plain property. */
export function isLineageKey(key: string): boolean {
  return Object.values(LINEAGE_KEYS).some(keys => keys.includes(key));
}
