/**
 * Prometheus remote write (protocol 1.0): each push is a `WriteRequest` protobuf, compressed
 * with snappy's block format, POSTed with the protocol's headers. protobufjs encodes it from the
 * message definitions below (those of prometheus/prompb/remote.proto and types.proto, the fields
 * remote write 1.0 uses); snappyjs compresses.
 *
 * Every series carries `__name__` and its labels sorted by name, as the protocol requires; all
 * samples of a push share its timestamp (ms).
 */
import protobuf from 'protobufjs';
import { compress } from 'snappyjs';
import { seriesName, type Family } from './metric-family.ts';

const root = protobuf.Root.fromJSON({
  nested: {
    prometheus: {
      nested: {
        WriteRequest: {
          fields: {
            timeseries: { rule: 'repeated', type: 'TimeSeries', id: 1 },
            metadata: { rule: 'repeated', type: 'MetricMetadata', id: 3 },
          },
        },
        TimeSeries: {
          fields: {
            labels: { rule: 'repeated', type: 'Label', id: 1 },
            samples: { rule: 'repeated', type: 'Sample', id: 2 },
          },
        },
        Label: { fields: { name: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        Sample: { fields: { value: { type: 'double', id: 1 }, timestamp: { type: 'int64', id: 2 } } },
        MetricMetadata: {
          fields: {
            type: { type: 'MetricType', id: 1 },
            metric_family_name: { type: 'string', id: 2 },
            help: { type: 'string', id: 4 },
            unit: { type: 'string', id: 5 },
          },
          nested: { MetricType: { values: { UNKNOWN: 0, COUNTER: 1, GAUGE: 2 } } },
        },
      },
    },
  },
});
const WriteRequest = root.lookupType('prometheus.WriteRequest');

export const REMOTE_WRITE_HEADERS = {
  'content-type': 'application/x-protobuf',
  'content-encoding': 'snappy',
  'x-prometheus-remote-write-version': '0.1.0',
} as const;

interface WireSeries {
  labels: { name: string; value: string }[];
  samples: { value: number; timestamp: number }[];
}

/** The WriteRequest of these families at `timestampMs`, protobuf-encoded (not compressed). */
export function encodeWriteRequest(families: readonly Family[], timestampMs: number): Uint8Array {
  const timeseries: WireSeries[] = [];
  for (const f of families) {
    const name = seriesName(f);
    for (const s of f.samples) {
      const labels = [{ name: '__name__', value: name }, ...Object.entries(s.labels).map(([k, v]) => ({ name: k, value: v }))];
      labels.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      timeseries.push({ labels, samples: [{ value: s.value, timestamp: timestampMs }] });
    }
  }
  const metadata = families.map((f) => ({ type: f.type === 'counter' ? 1 : 2, metric_family_name: seriesName(f), help: f.help }));
  return WriteRequest.encode(WriteRequest.fromObject({ timeseries, metadata })).finish();
}

/** Decodes an encoded WriteRequest back (tests read what they sent with it). */
export function decodeWriteRequest(bytes: Uint8Array): { timeseries: WireSeries[] } {
  return WriteRequest.toObject(WriteRequest.decode(bytes), { longs: Number, defaults: true }) as { timeseries: WireSeries[] };
}

/** The body of one push: the encoded request, snappy-compressed. */
export function remoteWriteBody(families: readonly Family[], timestampMs: number): Uint8Array {
  return compress(encodeWriteRequest(families, timestampMs));
}
