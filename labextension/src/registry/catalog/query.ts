/** The Catalog's pure helpers: query strings, logos, performance columns, origins. See
 * query.test.ts. */
import { listPath } from '../format';
import { CustomProperties, MetadataValue } from '../types';
import {
  CatalogFilter,
  ICatalogArtifact,
  ICatalogModelRef,
  ICatalogQuery
} from './types';

/** Which of Hub's filter options each Catalog filter shows. */
export const FILTER_OPTION_KEYS: Record<CatalogFilter, string> = {
  task: 'tasks',
  provider: 'provider',
  license: 'license',
  language: 'language'
};

/** `catalog/models?...`: lists repeat their key (the server takes each value). */
export function catalogModelsPath(query: ICatalogQuery): string {
  const params = new URLSearchParams();
  const q = query.q?.trim();
  if (q) {
    params.append('q', q);
  }
  for (const source of query.sources ?? []) {
    params.append('source', source);
  }
  for (const label of query.labels ?? []) {
    params.append('label', label);
  }
  for (const [key, values] of Object.entries(query.filters ?? {})) {
    for (const value of values ?? []) {
      params.append(key, value);
    }
  }
  return listPath('catalog/models', params, query);
}

/** `catalog/<route>?source=..&name=..` for one model (its name holds slashes). */
export function modelPath(route: string, ref: ICatalogModelRef): string {
  const params = new URLSearchParams({ source: ref.sourceId, name: ref.name });
  return `catalog/${route}?${params.toString()}`;
}

const LOGO =
  /^data:image\/(png|jpeg|gif|webp|svg\+xml);base64,[A-Za-z0-9+/=]+$/;

/** A logo to show: an inline image only, so showing a card fetches nothing elsewhere. */
export function logoSource(logo: string | undefined): string | null {
  return logo && LOGO.test(logo) ? logo : null;
}

/** A property's value as text ('' for none). */
export function propertyText(value: MetadataValue | undefined): string {
  if (!value) {
    return '';
  }
  switch (value.metadataType) {
    case 'MetadataStringValue':
      return value.string_value;
    case 'MetadataIntValue':
      return value.int_value;
    case 'MetadataDoubleValue':
      return Number.isInteger(value.double_value)
        ? String(value.double_value)
        : value.double_value.toFixed(2).replace(/\.?0+$/, '');
    case 'MetadataBoolValue':
      return value.bool_value ? 'yes' : 'no';
    default:
      return '';
  }
}

/** The columns of the performance table, in this order when the artifacts have them. */
export const PERFORMANCE_COLUMNS: [string, string][] = [
  ['use_case', 'Use case'],
  ['requests_per_second', 'Requests/s'],
  ['ttft_mean', 'TTFT mean (ms)'],
  ['ttft_p90', 'TTFT p90 (ms)'],
  ['itl_mean', 'ITL mean (ms)'],
  ['e2e_p90', 'E2E p90 (ms)'],
  ['tps_mean', 'Tokens/s'],
  ['framework_type', 'Framework']
];

export interface IPerformanceRow {
  key: string;
  hardware: string;
  cells: string[];
}

/** The performance artifacts as table rows: hardware, then the known columns present. */
export function performanceTable(artifacts: ICatalogArtifact[]): {
  columns: string[];
  rows: IPerformanceRow[];
} {
  const present = PERFORMANCE_COLUMNS.filter(([key]) =>
    artifacts.some(a => a.customProperties?.[key])
  );
  const rows = artifacts.map((artifact, index) => {
    const props: CustomProperties = artifact.customProperties ?? {};
    const type = propertyText(props.hardware_type);
    const count = propertyText(props.hardware_count);
    return {
      key: artifact.id ?? String(index),
      hardware: type ? (count ? `${count} × ${type}` : type) : '—',
      cells: present.map(([key]) => propertyText(props[key]) || '—')
    };
  });
  return { columns: present.map(([, title]) => title), rows };
}

/**
 * The catalog model a registered model artifact came from, as Kubeflow Hub's UI records
 * it (`modelSourceKind: "catalog"`, the source id as class, the model as name).
 */
export function catalogOrigin(artifact: {
  modelSourceKind?: string;
  modelSourceClass?: string;
  modelSourceName?: string;
}): ICatalogModelRef | null {
  if (
    artifact.modelSourceKind !== 'catalog' ||
    !artifact.modelSourceClass ||
    !artifact.modelSourceName
  ) {
    return null;
  }
  return {
    sourceId: artifact.modelSourceClass,
    name: artifact.modelSourceName
  };
}
