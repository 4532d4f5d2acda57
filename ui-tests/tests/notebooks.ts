/** Notebooks the UI tests write: code cells with their Kale tags, and markdown cells. */

export interface ICell {
  tags?: string[];
  source: string;
  markdown?: boolean;
}

/** A notebook's JSON (nbformat 4.5, a Python 3 kernel) with these cells. */
export function notebook(cells: ICell[]): string {
  return JSON.stringify({
    cells: cells.map(cell =>
      cell.markdown
        ? { cell_type: 'markdown', metadata: {}, source: cell.source }
        : {
            cell_type: 'code',
            execution_count: null,
            metadata: { tags: cell.tags ?? [] },
            outputs: [],
            source: cell.source
          }
    ),
    metadata: {
      kernelspec: {
        display_name: 'Python 3',
        language: 'python',
        name: 'python3'
      },
      language_info: { name: 'python' }
    },
    nbformat: 4,
    nbformat_minor: 5
  });
}
