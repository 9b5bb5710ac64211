/**
 * junit.xml: one test case per standard, so CI shows each standard as a test with its own
 * history. A failed standard is a <failure> with the measured figure and the limit; a standard
 * whose figure cannot be trusted (the generator fell behind, or the run did not complete) is an
 * <error> naming why — CI goes red, but not as the stack's failure; a standard not measured or
 * disabled is <skipped> with the reason.
 */
import type { RunResult, StandardJudgment } from './run-result.ts';
import { xmlEscape as a, xmlText as t } from './xml-escape.ts';

type Outcome = { tag: 'pass' } | { tag: 'failure' | 'error' | 'skipped'; message: string; body: string };

function outcomeOf(j: StandardJudgment, r: RunResult): Outcome {
  if (j.verdict === 'disabled') return { tag: 'skipped', message: j.detail, body: '' };
  if (j.verdict === 'not-measured') return { tag: 'skipped', message: `not measured: ${j.detail}`, body: '' };
  // Accuracy holds whatever the generator did, once the run completed (see standards/verdict.ts).
  const trustable = r.trust.trusted || (j.kind === 'accuracy' && r.status === 'completed');
  const figures = `measured ${j.measured_text}, limit ${j.limit_text}\n${j.detail}\n\nGrounding: ${j.grounding}`;
  if (!trustable) {
    return { tag: 'error', message: `untrusted: ${r.trust.reasons[0] ?? 'the run cannot be trusted'}`, body: `${figures}\n\nWhy untrusted:\n- ${r.trust.reasons.join('\n- ')}` };
  }
  if (j.verdict === 'fail') return { tag: 'failure', message: `${j.measured_text} breaks ${j.limit_text}`, body: figures };
  return { tag: 'pass' };
}

export function junitXml(r: RunResult): string {
  const seconds = Math.max(0, (r.ended_at - r.started_at) / 1000).toFixed(3);
  const outcomes = r.standards.map((j) => ({ j, o: outcomeOf(j, r) }));
  const count = (tag: string) => outcomes.filter((x) => x.o.tag === tag).length;
  const suite = `peakday.${r.scenario}`;
  const props: [string, string][] = [
    ['scenario', r.scenario],
    ['status', r.status],
    ['verdict', r.verdict],
    ['seed', String(r.seed)],
    ['scale', String(r.scale)],
    ['standards', r.versions.standards],
    ...r.verdict_reasons.map((x, i): [string, string] => [`verdict_reason.${i + 1}`, x]),
  ];
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="peakday" tests="${outcomes.length}" failures="${count('failure')}" errors="${count('error')}" skipped="${count('skipped')}" time="${seconds}">`,
    `  <testsuite name="${a(suite)}" tests="${outcomes.length}" failures="${count('failure')}" errors="${count('error')}" skipped="${count('skipped')}" time="${seconds}" timestamp="${new Date(r.started_at).toISOString().replace(/\.\d{3}Z$/, '')}">`,
    '    <properties>',
    ...props.map(([k, v]) => `      <property name="${a(k)}" value="${a(v)}"/>`),
    '    </properties>',
  ];
  for (const { j, o } of outcomes) {
    const open = `    <testcase classname="${a(`${suite}.${j.kind}`)}" name="${a(`${j.id}: ${j.title}`)}" time="0">`;
    if (o.tag === 'pass') {
      lines.push(`${open}</testcase>`);
    } else if (o.tag === 'skipped') {
      lines.push(open, `      <skipped message="${a(o.message)}"/>`, '    </testcase>');
    } else {
      lines.push(open, `      <${o.tag} message="${a(o.message)}" type="${o.tag === 'error' ? 'untrusted' : 'standard-failed'}">${t(o.body)}</${o.tag}>`, '    </testcase>');
    }
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}
