/**
 * k6's built-in metrics, with k6's names, types and value types, plus peakday's
 * `iteration_start_delay`: how late each iteration started against its schedule (arrival-rate
 * executors), so coordinated omission shows instead of hiding behind dropped_iterations.
 */
import type { MetricType, ValueType } from './sinks.ts';

export const BUILTIN_METRICS: ReadonlyArray<readonly [string, MetricType, ValueType]> = [
  ['vus', 'gauge', 'default'],
  ['vus_max', 'gauge', 'default'],
  ['iterations', 'counter', 'default'],
  ['iteration_duration', 'trend', 'time'],
  ['dropped_iterations', 'counter', 'default'],
  ['data_received', 'counter', 'data'],
  ['data_sent', 'counter', 'data'],
  ['checks', 'rate', 'default'],
  ['group_duration', 'trend', 'time'],
  ['http_reqs', 'counter', 'default'],
  ['http_req_failed', 'rate', 'default'],
  ['http_req_duration', 'trend', 'time'],
  ['http_req_blocked', 'trend', 'time'],
  ['http_req_connecting', 'trend', 'time'],
  ['http_req_tls_handshaking', 'trend', 'time'],
  ['http_req_sending', 'trend', 'time'],
  ['http_req_waiting', 'trend', 'time'],
  ['http_req_receiving', 'trend', 'time'],
  ['iteration_start_delay', 'trend', 'time'],
];

/** Names peakday adds beyond k6 (the README lists them as differences). */
export const PEAKDAY_METRICS: readonly string[] = ['iteration_start_delay'];
