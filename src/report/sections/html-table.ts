/** A plain HTML table from already-escaped cells; `num` marks right-aligned numeric columns. */
export interface Column {
  head: string;
  num?: boolean;
}

export function htmlTable(columns: readonly Column[], rows: readonly (readonly string[])[], rowClass?: (i: number) => string): string {
  const th = columns.map((c) => `<th${c.num ? ' class="num"' : ''}>${c.head}</th>`).join('');
  const tr = rows
    .map((r, i) => {
      const cls = rowClass?.(i);
      const tds = r.map((cell, k) => `<td${columns[k]?.num ? ' class="num"' : ''}>${cell}</td>`).join('');
      return `<tr${cls ? ` class="${cls}"` : ''}>${tds}</tr>`;
    })
    .join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${tr}</tbody></table>`;
}

/** Key figure cards; `bad` highlights a figure beyond its limit. */
export function cards(items: readonly { k: string; v: string; bad?: boolean }[]): string {
  return `<div class="cards">${items.map((c) => `<div class="card${c.bad ? ' bad' : ''}"><div class="k">${c.k}</div><div class="v">${c.v}</div></div>`).join('')}</div>`;
}
