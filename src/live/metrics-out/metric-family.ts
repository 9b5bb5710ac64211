/**
 * A metric family as both Prometheus encodings carry it (the OpenMetrics text of a scrape and
 * the protobuf of a remote write): a name, a type, a help line and its labelled samples.
 * Counters are named without `_total` here; each encoding adds the suffix its format wants.
 */
export type FamilyType = 'counter' | 'gauge';

export interface Sample {
  labels: Readonly<Record<string, string>>;
  value: number;
}

export interface Family {
  name: string;
  type: FamilyType;
  help: string;
  samples: Sample[];
}

/** The series name a sample of the family goes by (`k6_http_reqs` counts as `k6_http_reqs_total`). */
export function seriesName(f: Family): string {
  return f.type === 'counter' ? `${f.name}_total` : f.name;
}
