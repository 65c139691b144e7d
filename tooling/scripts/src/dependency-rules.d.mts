export const allowedEdges: Readonly<Record<string, readonly string[]>>;
export const devToolingPackages: readonly string[];
