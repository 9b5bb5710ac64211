/**
 * The standards in force for a run: the versioned defaults, with the user's override file
 * applied. Read and validated once at start-up, before any traffic: a bad file stops the run
 * with every problem listed (StandardsError), never halfway through a promo.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { StandardsError } from './standards-errors.ts';
import type { OverrideEntry, OverrideFile, Standard, Standards, StandardsFile } from './standard.ts';
import { validateOverrideFile, validateStandardsFile } from './validate-standards.ts';
import { disableErpSide, PLATFORM_ONLY_SOURCE, withPlatformOnlyStandards } from './platform-only-standards.ts';

/** The default standards shipped with peakday. */
export const DEFAULT_STANDARDS_PATH = fileURLToPath(new URL('./default-standards.json', import.meta.url));

function readJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new StandardsError('PD_STD_FILE_UNREADABLE', path, [], err);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new StandardsError('PD_STD_FILE_NOT_JSON', path, [], err);
  }
}

/** Reads and validates a complete standards file. */
export function readStandardsFile(path: string = DEFAULT_STANDARDS_PATH): StandardsFile {
  const raw = readJson(path);
  const problems = validateStandardsFile(raw);
  if (problems.length > 0) throw new StandardsError('PD_STD_FILE_INVALID', path, problems);
  return raw as StandardsFile;
}

/**
 * Applies a validated override to validated defaults, returning new objects (neither input
 * is changed). Changed limits keep their id, so dashboards keyed on ids stay comparable, and
 * the reason given is kept for the report.
 */
export function applyOverride(defaults: StandardsFile, override: OverrideFile | undefined, source: string): Standards {
  const entries: OverrideEntry[] = override?.standards ?? [];
  const byId = new Map(entries.map((e) => [e.id, e]));
  const standards: Standard[] = [];
  const disabled: Standards['disabled'] = [];
  const overridden: Record<string, string> = {};
  for (const s of defaults.standards) {
    const e = byId.get(s.id);
    if (!e || 'new' in e) {
      standards.push({ ...s });
      continue;
    }
    if (e.disabled === true) {
      disabled.push({ id: s.id, title: s.title, kind: s.kind, unit: s.unit, grounding: s.grounding, reason: e.reason ?? '' });
      continue;
    }
    standards.push({ ...s, ...(e.limit !== undefined ? { limit: e.limit } : {}), ...(e.op !== undefined ? { op: e.op } : {}) });
    if (e.limit !== undefined || e.op !== undefined) overridden[s.id] = e.reason ?? 'changed by the override file (no reason given)';
  }
  for (const e of entries) {
    if ('new' in e) {
      const { new: _added, ...s } = e;
      standards.push(s as Standard);
      overridden[s.id] = 'added by the override file';
    }
  }
  return {
    version: defaults.version,
    source,
    standards,
    disabled,
    overridden,
    trust: { ...defaults.trust, ...(override?.trust ?? {}) },
  };
}

export interface LoadStandardsOptions {
  /** The user's override file, if any. */
  overridePath?: string;
  /** Another complete defaults file (tests); peakday's own by default. */
  defaultsPath?: string;
  /** A platform-only run: the platform-side standards added, the ERP-side ones disabled (platform-only-standards.ts). */
  platformOnly?: boolean;
}

/** Defaults + override, validated. Throws StandardsError listing every problem. */
export function loadStandards(opts: LoadStandardsOptions = {}): Standards {
  const defaultsPath = opts.defaultsPath ?? DEFAULT_STANDARDS_PATH;
  const read = readStandardsFile(defaultsPath);
  const defaults = opts.platformOnly ? withPlatformOnlyStandards(read) : read;
  const source = (opts.defaultsPath ? defaultsPath : 'default') + (opts.platformOnly ? ` (${PLATFORM_ONLY_SOURCE})` : '');
  const finish = (s: Standards) => (opts.platformOnly ? disableErpSide(s) : s);
  if (opts.overridePath === undefined) return finish(applyOverride(defaults, undefined, source));
  const raw = readJson(opts.overridePath);
  const problems = validateOverrideFile(raw, defaults);
  if (problems.length > 0) throw new StandardsError('PD_STD_FILE_INVALID', opts.overridePath, problems);
  return finish(applyOverride(defaults, raw as OverrideFile, `${source} + ${opts.overridePath}`));
}
