/**
 * The connection graph. Degrees are answered on demand: 1st from the adjacency sets, 2nd by
 * a one-hop intersection, and the whole 2nd-degree set of a viewer (for the search filter
 * `network:S`) by a two-level BFS cached until the graph changes.
 */

export type Degree = 0 | 1 | 2 | 3;

export class Graph {
  private readonly adjacency = new Map<number, Map<number, number>>();
  private version = 0;
  private readonly secondCache = new Map<number, { version: number; set: Set<number> }>();

  connect(a: number, b: number, at: number): void {
    if (a === b || this.areConnected(a, b)) return;
    this.edges(a).set(b, at);
    this.edges(b).set(a, at);
    this.version++;
  }

  disconnect(a: number, b: number): boolean {
    const removed = this.adjacency.get(a)?.delete(b) ?? false;
    this.adjacency.get(b)?.delete(a);
    if (removed) this.version++;
    return removed;
  }

  areConnected(a: number, b: number): boolean {
    return this.adjacency.get(a)?.has(b) ?? false;
  }

  connectedAt(a: number, b: number): number | undefined {
    return this.adjacency.get(a)?.get(b);
  }

  count(memberId: number): number {
    return this.adjacency.get(memberId)?.size ?? 0;
  }

  /** memberIds of 1st-degree connections, most recent first. */
  connections(memberId: number): number[] {
    const edges = this.adjacency.get(memberId);
    if (!edges) return [];
    return [...edges].sort((x, y) => y[1] - x[1] || x[0] - y[0]).map(([id]) => id);
  }

  /** 0 = self, 1, 2, or 3 for "3rd and beyond". */
  degree(viewer: number, other: number): Degree {
    if (viewer === other) return 0;
    const mine = this.adjacency.get(viewer);
    if (!mine || mine.size === 0) return 3;
    if (mine.has(other)) return 1;
    const theirs = this.adjacency.get(other);
    if (!theirs) return 3;
    const [small, large] = mine.size <= theirs.size ? [mine, theirs] : [theirs, mine];
    for (const id of small.keys()) if (large.has(id)) return 2;
    return 3;
  }

  /** Members two hops away (not self, not 1st degree). */
  secondDegree(viewer: number): Set<number> {
    const cached = this.secondCache.get(viewer);
    if (cached && cached.version === this.version) return cached.set;
    const first = this.adjacency.get(viewer) ?? new Map<number, number>();
    const set = new Set<number>();
    for (const friend of first.keys()) {
      for (const fof of this.adjacency.get(friend)?.keys() ?? []) {
        if (fof !== viewer && !first.has(fof)) set.add(fof);
      }
    }
    this.secondCache.set(viewer, { version: this.version, set });
    return set;
  }

  /** Connections both members share. */
  shared(a: number, b: number): number[] {
    const mine = this.adjacency.get(a);
    const theirs = this.adjacency.get(b);
    if (!mine || !theirs) return [];
    return [...mine.keys()].filter((id) => theirs.has(id));
  }

  /** Every edge once (a < b), for dumps. */
  *allEdges(): Iterable<[number, number, number]> {
    for (const [a, edges] of this.adjacency) for (const [b, at] of edges) if (a < b) yield [a, b, at];
  }

  private edges(id: number): Map<number, number> {
    let edges = this.adjacency.get(id);
    if (!edges) {
      edges = new Map();
      this.adjacency.set(id, edges);
    }
    return edges;
  }
}
