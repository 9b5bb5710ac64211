/**
 * The executors by name, and the validation of `options.scenarios`: every scenario checked,
 * every problem reported, nothing changed.
 */
import type { BaseScenarioConfig, ExecutorDefinition } from './base-executor.ts';
import { SCENARIO_NAME } from './base-executor.ts';
import { constantArrivalRate } from './constant-arrival-rate.ts';
import { constantVus } from './constant-vus.ts';
import { perVuIterations } from './per-vu-iterations.ts';
import { rampingArrivalRate } from './ramping-arrival-rate.ts';
import { rampingVus } from './ramping-vus.ts';
import { sharedIterations } from './shared-iterations.ts';

export const EXECUTORS: Readonly<Record<string, ExecutorDefinition<BaseScenarioConfig>>> = {
  'constant-arrival-rate': constantArrivalRate as unknown as ExecutorDefinition<BaseScenarioConfig>,
  'ramping-arrival-rate': rampingArrivalRate as unknown as ExecutorDefinition<BaseScenarioConfig>,
  'constant-vus': constantVus as unknown as ExecutorDefinition<BaseScenarioConfig>,
  'ramping-vus': rampingVus as unknown as ExecutorDefinition<BaseScenarioConfig>,
  'per-vu-iterations': perVuIterations as unknown as ExecutorDefinition<BaseScenarioConfig>,
  'shared-iterations': sharedIterations as unknown as ExecutorDefinition<BaseScenarioConfig>,
};

export interface Scenario {
  readonly name: string;
  readonly executor: ExecutorDefinition<BaseScenarioConfig>;
  readonly config: BaseScenarioConfig;
}

export function parseScenarios(raw: unknown): { scenarios: Scenario[]; errors: string[] } {
  const errors: string[] = [];
  const scenarios: Scenario[] = [];
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { scenarios, errors: ['"scenarios" must be an object of named scenarios'] };
  }
  const entries = Object.entries(raw as Record<string, unknown>);
  if (entries.length === 0) errors.push('"scenarios" is empty: define at least one scenario');
  for (const [name, s] of entries) {
    if (!SCENARIO_NAME.test(name)) errors.push(`scenarios.${name}: invalid scenario name (allowed: letters, digits, "_" and "-")`);
    if (typeof s !== 'object' || s === null || Array.isArray(s)) {
      errors.push(`scenarios.${name}: must be an object`);
      continue;
    }
    const type = (s as Record<string, unknown>).executor;
    if (type === 'externally-controlled') {
      errors.push(`scenarios.${name}: executor "externally-controlled" was removed in k6 v2 and is not supported`);
      continue;
    }
    const def = typeof type === 'string' ? EXECUTORS[type] : undefined;
    if (!def) {
      errors.push(`scenarios.${name}: ${type === undefined ? 'missing "executor"' : `unknown executor ${JSON.stringify(type)}`} (one of: ${Object.keys(EXECUTORS).join(', ')})`);
      continue;
    }
    const r = def.parse(name, s as Record<string, unknown>);
    errors.push(...r.errors);
    scenarios.push({ name, executor: def, config: r.config });
  }
  return { scenarios, errors };
}
