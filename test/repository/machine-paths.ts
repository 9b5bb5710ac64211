/**
 * Finds paths of a particular machine in a text: the repository must stand alone, so no file
 * may name where it was checked out, a user's home, a temporary file of one run, or documents
 * that live beside the repository on the machine it was written on.
 *
 * What counts (a path starts at a `/` not preceded by a word character, `.`, `~` or `-`, so URL
 * paths such as `/api/orders/202309/search` and relative ones such as `src/tmp/x` do not):
 *   machine-path := "/" root "/" segment        (an absolute path under a per-machine root)
 *   root         := "work" | "root" | "tmp" | "mnt" | "srv" | "opt/" segment
 *                 | "home/" segment | "Users/" segment | "var/folders" | "private/var"
 *   outside-ref  := ( "…" | "..." | ".." ) "/shared/" segment   (a document outside the repo)
 * System paths every Linux has (`/proc/<pid>/environ`, `/etc/fonts/fonts.conf`, `/dev/null`,
 * `/usr/bin/env`) name no machine and are allowed.
 */
const MACHINE_PATH = /(?<![\w.~-])\/(?:work|root|tmp|mnt|srv|opt\/[\w.-]+|home\/[\w.-]+|Users\/[\w.-]+|var\/folders|private\/var)\/[\w.@%+-]+(?:\/[\w.@%+-]*)*/g;
const OUTSIDE_REF = /(?:…|\.\.\.?)\/shared\/[\w.-]+(?:\/[\w.-]+)*/g;

/** Every machine path in `text`, in order of appearance. */
export function findMachinePaths(text: string): string[] {
  const found: { at: number; path: string }[] = [];
  for (const re of [MACHINE_PATH, OUTSIDE_REF]) for (const m of text.matchAll(re)) found.push({ at: m.index, path: m[0] });
  return found.sort((a, b) => a.at - b.at).map((f) => f.path);
}
