export interface Edge {
  readonly from: string;
  readonly to: string;
  readonly where: string;
}
export interface Rules {
  readonly allowedEdges: Readonly<Record<string, readonly string[]>>;
  readonly devToolingPackages: readonly string[];
}
export function checkDependencies(root: string, rules: Rules): { violations: string[]; edges: Edge[] };
export function findCycles(edges: readonly Edge[]): string[][];
