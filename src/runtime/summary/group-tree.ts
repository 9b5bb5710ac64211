/**
 * Groups and checks as k6 reports them: a tree from the root group (name "", path ""),
 * each group's path its parent's path + "::" + name, each check's path its group's path +
 * "::" + name, ids the MD5 hex of the path (k6's scheme, so ids match k6's for the same
 * script). Children keep first-seen order.
 */
import { createHash } from 'node:crypto';

export interface CheckNode {
  readonly name: string;
  readonly path: string;
  readonly id: string;
  passes: number;
  fails: number;
}

export interface GroupNode {
  readonly name: string;
  readonly path: string;
  readonly id: string;
  readonly groups: GroupNode[];
  readonly checks: CheckNode[];
}

const SEP = '::';

function md5(s: string): string {
  return createHash('md5').update(s).digest('hex');
}

export class GroupTree {
  readonly root: GroupNode = { name: '', path: '', id: md5(''), groups: [], checks: [] };
  private readonly groupsByPath = new Map<string, GroupNode>([['', this.root]]);
  private readonly checksByPath = new Map<string, CheckNode>();

  /** Records a check result in the group at `groupPath` (names from the root, [] for the root). */
  check(groupPath: readonly string[], name: string, ok: boolean): void {
    const g = this.group(groupPath);
    const path = g.path + SEP + name;
    let c = this.checksByPath.get(path);
    if (!c) {
      c = { name, path, id: md5(path), passes: 0, fails: 0 };
      this.checksByPath.set(path, c);
      g.checks.push(c);
    }
    if (ok) c.passes++;
    else c.fails++;
  }

  /** The group at `path`, created with its ancestors if new. */
  group(path: readonly string[]): GroupNode {
    let node = this.root;
    let p = '';
    for (const name of path) {
      p += SEP + name;
      let next = this.groupsByPath.get(p);
      if (!next) {
        next = { name, path: p, id: md5(p), groups: [], checks: [] };
        this.groupsByPath.set(p, next);
        node.groups.push(next);
      }
      node = next;
    }
    return node;
  }
}
