// Violation: what a checker reports — which property broke and a one-line account of how.
export interface Violation {
  readonly checker: string;
  readonly message: string;
}
