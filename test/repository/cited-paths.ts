/**
 * The file paths a Markdown document cites in backticks, so a test can check that each exists.
 *
 * A cited path is a backtick span (inline code, not a fenced block) that names a file or a
 * folder from the repository's root:
 *   cited   := top "/" segment ("/" segment)* ("/")?    ending in a known extension or "/"
 *   top     := lib | src | mocks | stack | load | test | bench | docs | bin | examples | .ci | .github
 *   segment := [A-Za-z0-9_.-]+                   (no spaces, no placeholders: `<`, `{`, `*`, `…`)
 * A bare file name (`drain.ts`) is left out: which folder it means depends on the sentence. URL
 * paths (`/__mock/health`), flags and commands are not paths. Generated folders (`dist/`, `results/`) and `node_modules/` are skipped:
 * they exist only after a build or a run.
 */
const FENCE = /^(```|~~~)[^\n]*\n[\s\S]*?^\1[ \t]*$/gm;
const SPAN = /`([^`\n]+)`/g;
const PATH = /^[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*\/?$/;
const EXT = /\.(ts|mts|mjs|js|json|md|yaml|yml|html|sh)$/;
const GENERATED = /^(dist|results|node_modules)(\/|$)/;
/** Cited from the repository's root: a bare file name depends on the sentence around it. */
const ROOTED = /^(lib|src|mocks|stack|load|test|bench|docs|bin|examples|\.ci|\.github)\//;

/** Paths cited in `markdown`, in order, each once. */
export function citedPaths(markdown: string): string[] {
  const out = new Set<string>();
  for (const m of markdown.replace(FENCE, '').matchAll(SPAN)) {
    const span = (m[1] as string).trim();
    if (!PATH.test(span) || GENERATED.test(span)) continue;
    if (!ROOTED.test(span) || (!EXT.test(span) && !span.endsWith('/'))) continue;
    out.add(span);
  }
  return [...out];
}
