/**
 * The object `require('k6/...')` returns to a bundle. The exports live on its prototype, not
 * as own properties: esbuild's `__toESM` interop copies every own property of a required
 * module into a fresh object of accessors — per VU, since each VU runs the bundle's factory —
 * but it creates that object with the module's prototype, so exports kept there are shared
 * and the copy is empty. That saves a few KB per module per VU (10,000 VUs). `default` is the
 * module itself, as `import http from 'k6/http'` expects. Takes ownership of `api` (adds `default`).
 */
export function moduleObject<T extends object>(api: T): T & { default: T } {
  // `api` itself becomes the prototype (an object literal keeps its fast shape, shared by every
  // VU's copy; a copy into a null-prototype object would be a per-VU dictionary)
  const mod = Object.create(api) as T & { default: T };
  (api as { default?: T }).default = mod;
  return mod;
}
