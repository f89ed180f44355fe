// The per-OU summary of a report whose rows carry an OU path of names ("Root/Workloads/Prod"), as
// readiness and remediation plans do: tree nodes from the paths, and the nodes a row belongs to.
import type { HtmlTreeNode } from "./html-report";

/** Tree node IDs of an OU path ("Root/Workloads/Prod" -> the root, Root/Workloads, Root/Workloads/Prod). */
export function ouGroups(ouPath: string): string[] {
  const parts = ouPath.split("/").filter((p) => p !== "");
  return parts.map((_, i) => `ou:${parts.slice(0, i + 1).join("/")}`);
}

interface MutableNode {
  id: string;
  name: string;
  counts: Record<string, number>;
  children: MutableNode[];
}

/** A tree built from "A/B/C" paths (nodes in first-seen order), each counting `segmentOf(item)` for every item at or under it. */
export function treeFromPaths<T>(items: readonly T[], pathOf: (item: T) => string, segmentOf: (item: T) => string): HtmlTreeNode[] {
  const roots: MutableNode[] = [];
  const byId = new Map<string, MutableNode>();
  for (const item of items) {
    const parts = pathOf(item)
      .split("/")
      .filter((p) => p !== "");
    let siblings = roots;
    for (let i = 0; i < parts.length; i++) {
      const id = `ou:${parts.slice(0, i + 1).join("/")}`;
      let node = byId.get(id);
      if (!node) {
        node = { id, name: parts[i], counts: {}, children: [] };
        byId.set(id, node);
        siblings.push(node);
      }
      const key = segmentOf(item);
      node.counts[key] = (node.counts[key] ?? 0) + 1;
      siblings = node.children;
    }
  }
  return roots;
}
