/**
 * The answer of a capacity run: one serialisable object (capacity.json, and what the report
 * renders) holding the campaign, the search's probes and result, the headroom and the answer
 * in words.
 */
import type { Campaign } from './campaign.ts';
import { campaignPeakPerSecond } from './campaign.ts';
import type { SearchOptions, SearchResult } from './search.ts';

export interface CapacityAnswer {
  scenario: string;
  started_at: number;
  ended_at: number;
  /** The probe shape in words ("promo: 2 s at the base rate, …"). */
  probe_shape: string;
  options: SearchOptions;
  campaign?: Campaign;
  /** The campaign's peak in orders/s. */
  campaign_peak_per_s?: number;
  search: SearchResult;
  /** max sustainable / campaign peak: 1.5 = 50% more than the campaign needs. */
  headroom?: number;
  /** True when the campaign's peak fits under the measured maximum. */
  meets_campaign?: boolean;
  answer: string[];
}

const perS = (r: number) => `${Number(r.toFixed(1))} orders/s (${Math.round(r * 60).toLocaleString('en-US')}/min)`;

export function buildAnswer(a: Omit<CapacityAnswer, 'answer' | 'headroom' | 'meets_campaign' | 'campaign_peak_per_s'>): CapacityAnswer {
  const s = a.search;
  const lines: string[] = [];
  const peak = a.campaign ? campaignPeakPerSecond(a.campaign) : undefined;
  const max = s.max_sustainable_rate;
  if (max === null) lines.push(`No rate tried held every standard: ${s.stopped}.`);
  else if (s.limited_by === 'max-rate') lines.push(`Every standard held at every rate tried, up to ${perS(max)}: the limit lies above (raise --max-rate to find it).`);
  else lines.push(`Maximum sustainable rate: ${perS(max)} — every standard held there${s.first_failing_rate !== null ? `; at ${perS(s.first_failing_rate)} one did not` : ''}.`);
  if (s.limited_by === 'generator') {
    const u = s.probes.find((p) => p.rate === s.first_failing_rate);
    lines.push(`The ceiling is the load generator's, not the stack's: at ${s.first_failing_rate}/s it fell behind (${u?.untrusted_reasons.join('; ') ?? 'untrusted'}). The stack may hold more; run the generator on a bigger machine or split it.`);
  }
  if (s.first_break) {
    const b = s.first_break;
    lines.push(`First standard to break: ${b.id} (${b.title}) at ${b.rate}/s${b.also && b.also.length > 0 ? `; also broken there: ${b.also.join(', ')}` : ''}.`);
  }
  if (s.limited_by === 'error') lines.push(`The search stopped early: ${s.stopped}.`);
  else if (s.limited_by === 'probes' || s.limited_by === 'budget') lines.push(`The search stopped on its bounds: ${s.stopped}; the answer is as precise as the probes made so far.`);
  let headroom: number | undefined;
  let meets: boolean | undefined;
  if (peak !== undefined && a.campaign) {
    headroom = max === null ? 0 : max / peak;
    meets = max !== null && max >= peak;
    lines.push(
      `Campaign${a.campaign.name ? ` "${a.campaign.name}"` : ''}: peak ${perS(peak)}; headroom ${headroom.toFixed(2)}× — ${meets ? (headroom >= 1.5 ? 'fits with a margin' : 'fits, with little margin') : 'does NOT fit'}.`,
    );
    const holdS = a.campaign.duration_minutes * 60;
    lines.push(`Probes hold each rate for seconds; the campaign holds its peak ${a.campaign.duration_minutes} min (${holdS} s): confirm the chosen rate with a soak run of that length.`);
  }
  return { ...a, ...(peak !== undefined ? { campaign_peak_per_s: peak } : {}), ...(headroom !== undefined ? { headroom } : {}), ...(meets !== undefined ? { meets_campaign: meets } : {}), answer: lines };
}
