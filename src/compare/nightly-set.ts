/**
 * The nightly set: the runs `npm run load:nightly` makes, at CI scale, each well under two
 * minutes on a 2-core machine. A baseline is only comparable with a run of the same shape, so
 * changing an entry's arguments means accepting new baselines for it (`peakday baseline update`).
 */

export interface NightlyEntry {
  /** Shown in logs and the nightly summary. */
  name: string;
  scenario: string;
  /** `peakday run <scenario>` flags (the harness validates them). */
  args: readonly string[];
}

export const NIGHTLY_SET: readonly NightlyEntry[] = [
  // The three classic checks, once each: ~25 s.
  { name: 'certify', scenario: 'certify', args: ['--drain-timeout', '30'] },
  // The promo's shape at a tenth of its height and a fifth of its length: 30 s of load
  // (peak 30 orders/s, 5 stock writes/s), ~60 s with start-up and drain.
  {
    name: 'promo-ci',
    scenario: 'promo',
    args: ['--scale', '0.1', '-e', 'BASELINE_S=5', '-e', 'RAMP_S=3', '-e', 'HOLD_S=15', '-e', 'DROP_S=2', '-e', 'TAIL_S=5', '--drain-timeout', '30'],
  },
];
