/**
 * `peakday capacity [--campaign campaign.json] [--scenario promo] [--max-rate R] [--budget-s S]`:
 * the highest order rate at which every standard holds, by a bounded search of short probes,
 * and the headroom against the campaign. Writes results/<time>-capacity/ with capacity.json,
 * capacity.html and each probe's run folder under probes/.
 * Exit 0: found (and the campaign fits, when given); 1: the campaign does not fit; 2: bad
 * input, or the search could not run.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { flag, type FlagSpecs, type ParsedArgs } from '../../lib/cli/args.ts';
import { readCommandLine, refuse, type Command } from '../../lib/cli/command.ts';
import { createResultDir } from '../results/result-dir.ts';
import { buildAnswer } from './capacity-answer.ts';
import { CapacityError } from './capacity-errors.ts';
import { ExitCode } from '../../lib/cli/exit-codes.ts';
import { renderCapacityReport } from './capacity-report.ts';
import { campaignPeakPerSecond, readCampaign, type Campaign } from './campaign.ts';
import { PROBE_SHAPES } from './probe-shapes.ts';
import { checkProbePlan, realProbe, type ProbePlan } from './run-probe.ts';
import { searchCapacity, validateSearchOptions, type SearchOptions } from './search.ts';

/** Harness flags passed through to every probe unchanged (the harness validates them). */
const PASS_THROUGH: FlagSpecs = {
  seed: { kind: 'string', help: 'seed of the catalog and the run (default 1)' },
  standards: { kind: 'string', help: 'a standards override file' },
  'stack-url': { kind: 'string', help: "probe your own integration's ERP API" },
  'mock-url': { kind: 'string', help: 'use a running mock platform' },
  'allow-remote': { kind: 'list', help: 'allow load to this non-loopback host (repeatable)' },
  skus: { kind: 'string', help: 'SKUs in the catalog (without a campaign that states them)' },
  shops: { kind: 'string', help: 'shops on the mock platform (without a campaign)' },
  'initial-stock': { kind: 'string', help: 'on-hand per SKU × warehouse before each probe' },
  'drain-timeout': { kind: 'string', help: 'seconds to wait for sync to settle after each probe (default 30 here)' },
};

const COMMAND: Command = {
  name: 'peakday capacity',
  flags: {
    campaign: { kind: 'string', help: 'the campaign file (see src/capacity/campaign.ts)' },
    scenario: { kind: 'string', help: `the traffic mix to scale: ${Object.keys(PROBE_SHAPES).join(', ')} (default promo)` },
    'max-rate': { kind: 'number', min: 1, max: 100_000, help: 'highest order rate to try, orders/s (default 4 × the campaign peak, or 200)' },
    'min-rate': { kind: 'number', min: 1, max: 100_000, help: 'lowest order rate to try, orders/s (default 1)' },
    'start-rate': { kind: 'number', min: 1, max: 100_000, help: 'first rate probed (default the campaign peak, or 20)' },
    'step-factor': { kind: 'number', help: 'coarse step multiplier (default 2)' },
    resolution: { kind: 'number', help: 'stop when the bracket is within this share (default 0.1)' },
    'max-probes': { kind: 'number', integer: true, min: 1, max: 50, help: 'at most this many probes (default 8)' },
    'budget-s': { kind: 'number', min: 1, max: 86_400, help: 'total time budget in seconds (default 900)' },
    'probe-s': { kind: 'number', integer: true, min: 3, max: 600, help: 'seconds each probe holds its rate (default 15)' },
    'out-dir': { kind: 'string', help: 'where results/<time>-capacity/ goes (default results)' },
    ...PASS_THROUGH,
  },
  positionals: false,
  badInput: ExitCode.NO_ANSWER,
  about: `usage: peakday capacity [--campaign campaign.json] [--scenario promo] [--max-rate R] [--budget-s S] [flags]

Finds the highest order rate at which every standard holds: short probes of the scenario at
one rate each (its stock writes and shipments scaled along), stepping up by --step-factor, then
halving the bracket; bounded by --max-probes and --budget-s. With a campaign, states the
headroom (max sustainable ÷ campaign peak). Exit 0: found and the campaign fits; 1: it does
not fit; 2: bad input or a probe could not run.`,
};

function passThrough(p: ParsedArgs): string[] {
  const out: string[] = [];
  for (const [name, spec] of Object.entries(PASS_THROUGH)) {
    if (spec.kind === 'list') for (const v of flag.list(p, name)) out.push(`--${name}`, v);
    else if (flag.str(p, name) !== undefined) out.push(`--${name}`, flag.str(p, name) as string);
  }
  if (flag.str(p, 'drain-timeout') === undefined) out.push('--drain-timeout', '30');
  return out;
}

export async function main(argv: string[]): Promise<number> {
  const cl = readCommandLine(argv, COMMAND);
  if (cl.exit !== undefined) return cl.exit;
  const { args: p, problems: errors } = cl;
  const scenario = flag.str(p, 'scenario') ?? 'promo';
  const shape = PROBE_SHAPES[scenario];
  if (!shape) errors.push(`--scenario: "${scenario}" cannot be probed at a rate (known: ${Object.keys(PROBE_SHAPES).join(', ')})`);
  let campaign: Campaign | undefined;
  const campaignPath = flag.str(p, 'campaign');
  if (campaignPath !== undefined) {
    try {
      campaign = readCampaign(campaignPath);
    } catch (err) {
      errors.push((err as Error).message);
    }
  }
  if (campaign && flag.str(p, 'shops') !== undefined) errors.push('--shops: the campaign states the shops; give one or the other');
  if (campaign?.skus !== undefined && flag.str(p, 'skus') !== undefined) errors.push('--skus: the campaign states the SKUs; give one or the other');
  const peak = campaign ? campaignPeakPerSecond(campaign) : undefined;
  const options: SearchOptions = {
    min_rate: flag.num(p, 'min-rate') ?? 1,
    max_rate: flag.num(p, 'max-rate') ?? (peak !== undefined ? Math.max(2, Math.ceil(peak * 4)) : 200),
    start_rate: 0,
    step_factor: flag.num(p, 'step-factor') ?? 2,
    resolution: flag.num(p, 'resolution') ?? 0.1,
    max_probes: flag.num(p, 'max-probes') ?? 8,
    budget_ms: (flag.num(p, 'budget-s') ?? 900) * 1000,
  };
  options.start_rate = flag.num(p, 'start-rate') ?? Math.min(options.max_rate, Math.max(options.min_rate, Math.round(peak ?? 20)));
  errors.push(...validateSearchOptions(options));
  if (errors.length > 0 || !shape) return refuse(COMMAND, errors);

  const holdS = flag.num(p, 'probe-s') ?? 15;
  const log = flag.bool(p, 'quiet') ? () => undefined : (l: string) => process.stderr.write(`${l}\n`);
  try {
    // Refused before the folder exists: a bad flag leaves nothing behind.
    const draft: ProbePlan = { shape, holdS, probesDir: 'probes', ...(campaign ? { campaign } : {}), passThrough: passThrough(p) };
    checkProbePlan(draft, [options.min_rate, options.max_rate]);
    const startedAt = Date.now();
    const dir = createResultDir(flag.str(p, 'out-dir') ?? 'results', startedAt, 'capacity');
    const plan: ProbePlan = { ...draft, probesDir: join(dir, 'probes') };
    log(`capacity: ${shape.describe(holdS)}; results in ${dir}`);
    const search = await searchCapacity(options, realProbe(plan, log));
    const answer = buildAnswer({ scenario, started_at: startedAt, ended_at: Date.now(), probe_shape: shape.describe(holdS), options, ...(campaign ? { campaign } : {}), search });
    writeFileSync(join(dir, 'capacity.json'), `${JSON.stringify(answer, null, 2)}\n`);
    writeFileSync(join(dir, 'capacity.html'), renderCapacityReport(answer));
    process.stdout.write(`\npeakday capacity ${scenario}:\n${answer.answer.map((l) => `  ${l}`).join('\n')}\n\nreport: ${join(dir, 'capacity.html')}\n`);
    if (search.limited_by === 'error') return ExitCode.NO_ANSWER;
    return answer.meets_campaign === false ? ExitCode.CAPACITY_SHORT : ExitCode.OK;
  } catch (err) {
    if (err instanceof CapacityError) {
      process.stderr.write(`peakday capacity: ${err.message} [${err.code}]\n`);
      return ExitCode.NO_ANSWER;
    }
    throw err;
  }
}
