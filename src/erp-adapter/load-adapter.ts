/**
 * Loads an adapter module the user wrote (TypeScript or JavaScript, no build step: peakday runs
 * under tsx's loader) and turns its default export into an `ErpAdapter`. The default export is
 * the adapter itself, or a factory receiving the `--adapter-option k=v` pairs. `contract` names
 * the built-in adapter for an ERP that already speaks peakday's HTTP contract.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AdapterOptions, ErpAdapter } from './erp-adapter.ts';

/** The adapter names built into peakday, usable in place of a file. */
export const BUILT_IN_ADAPTERS: Record<string, () => Promise<unknown>> = {
  contract: async () => (await import('./contract-adapter.ts')).default,
};

export class AdapterLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AdapterLoadError';
  }
}

/** Imports `spec` (a file path or a built-in name) and returns its default export, unresolved. */
export async function importAdapterModule(spec: string): Promise<unknown> {
  const builtIn = BUILT_IN_ADAPTERS[spec];
  if (builtIn) return builtIn();
  const path = resolve(spec);
  if (!existsSync(path)) throw new AdapterLoadError(`no adapter file "${spec}" (built-in adapters: ${Object.keys(BUILT_IN_ADAPTERS).join(', ')})`);
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(path).href)) as { default?: unknown };
  } catch (e) {
    throw new AdapterLoadError(`could not load the adapter "${spec}": ${(e as Error).message}`);
  }
  if (mod.default === undefined) throw new AdapterLoadError(`the adapter "${spec}" has no default export (export default an adapter object or a factory function)`);
  return mod.default;
}

/**
 * The adapter from a module's default export: itself, or what its factory returns within
 * `timeoutMs` (a factory that connects to an ERP that is down must not hang the start).
 */
export async function instantiate(exported: unknown, options: AdapterOptions, timeoutMs: number): Promise<ErpAdapter> {
  if (typeof exported !== 'function') {
    if (typeof exported !== 'object' || exported === null) throw new AdapterLoadError(`the default export must be an adapter object or a factory function (got ${typeof exported})`);
    return exported as ErpAdapter;
  }
  let timer: NodeJS.Timeout | undefined;
  try {
    const made = await Promise.race([
      Promise.resolve().then(() => (exported as (o: AdapterOptions) => unknown)(options)),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new AdapterLoadError(`the adapter factory did not return within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    if (typeof made !== 'object' || made === null) throw new AdapterLoadError(`the adapter factory must return an adapter object (got ${made === null ? 'null' : typeof made})`);
    return made as ErpAdapter;
  } catch (e) {
    if (e instanceof AdapterLoadError) throw e;
    throw new AdapterLoadError(`the adapter factory threw: ${(e as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}
